package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyFilterTest {

  @Test
  void mightContain_everyAddedKey_true() {
    KeyFilter f = new KeyFilter(100_000);
    SplittableRandom r = new SplittableRandom(1);
    long[] hashes = r.longs(100_000).toArray();
    for (long h : hashes) {
      f.add(h);
    }
    for (long h : hashes) {
      assertThat(f.mightContain(h)).isTrue();
    }
  }

  @Test
  void mightContain_keysNeverAddedAtCapacity_fewFalsePositives() {
    KeyFilter f = new KeyFilter(100_000);
    SplittableRandom r = new SplittableRandom(2);
    r.longs(100_000).forEach(f::add);

    long falsePositives = new SplittableRandom(3).longs(100_000).filter(f::mightContain).count();

    assertThat(falsePositives).as("about 4 % expected at 8 bits per entry").isLessThan(8_000);
  }

  @Test
  void bytes_aboutOneBytePerEntryOfCapacity_cappedAtMaxWords() {
    assertThat(new KeyFilter(1 << 20).bytes()).isEqualTo(1 << 20);
    assertThat(new KeyFilter(1).bytes()).isEqualTo(8);
    assertThat(new KeyFilter(1L << 32).bytes()).isEqualTo(8L * KeyFilter.MAX_WORDS);
  }
}
