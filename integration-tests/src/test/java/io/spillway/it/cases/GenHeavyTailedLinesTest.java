package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenHeavyTailedLinesTest {

  private static final GenHeavyTailedLines SHAPE = new GenHeavyTailedLines(100, 1_000, 256 * 1024, 4096 * 1024);

  @Test
  void line_isAHexKeyABarAndThePayload() {
    long small = firstValue(false);
    String l = SHAPE.line(small);
    assertThat(l).hasSize(GenHeavyTailedLines.KEY_CHARS + 1 + 100).matches("[0-9a-f]{16}\\|[0-9a-f]{100}");
    assertThat(Long.parseUnsignedLong(l.substring(0, 16), 16)).isEqualTo(UtilHash.mix64(small));
    assertThat(SHAPE.line(small)).isEqualTo(l);
  }

  @Test
  void line_ofABigValueHasItsPayloadLengthAndStartsLikeTheShortLine() {
    long big = firstValue(true);
    GenHeavyTailedLines allSmall = new GenHeavyTailedLines(100, Long.MAX_VALUE, 1, 1);
    String l = SHAPE.line(big);
    assertThat(l).hasSize(GenHeavyTailedLines.KEY_CHARS + 1 + SHAPE.payloadChars(big));
    assertThat(l).startsWith(allSmall.line(big));
    assertThat(l.substring(17)).matches("[0-9a-f]+");
  }

  @Test
  void payloadChars_bigLinesAreRareAndSpreadLogUniformlyBetweenTheBounds() {
    int values = 400_000;
    int big = 0;
    int belowOneMiB = 0;
    for (long u = 0; u < values; u++) {
      int chars = SHAPE.payloadChars(u);
      if (SHAPE.isBig(u)) {
        big++;
        assertThat(chars).isBetween(256 * 1024, 4096 * 1024);
        belowOneMiB += chars < 1024 * 1024 ? 1 : 0;
      } else {
        assertThat(chars).isEqualTo(100);
      }
    }
    // 400 expected; log-uniform over 256 KiB..4 MiB puts half of them below 1 MiB (the geometric middle).
    assertThat(big).isBetween(340, 460);
    assertThat((double) belowOneMiB / big).isBetween(0.4, 0.6);
  }

  @Test
  void constructor_rejectsInvertedBounds() {
    assertThatThrownBy(() -> new GenHeavyTailedLines(100, 1_000, 2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static long firstValue(boolean big) {
    long u = 0;
    while (SHAPE.isBig(u) != big) {
      u++;
    }
    return u;
  }
}
