package io.spillway.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class KeyTextTest {

  /** A key whose toString would be huge, and records whether anyone called it. */
  private static final class HugeKey {
    boolean toStringCalled;

    @Override
    public String toString() {
      toStringCalled = true;
      return "x".repeat(10_000_000);
    }

    @Override
    public int hashCode() {
      return 0xabc;
    }
  }

  private static final class ThrowingKey {
    @Override
    public String toString() {
      throw new IllegalStateException("no");
    }

    @Override
    public int hashCode() {
      throw new IllegalStateException("no");
    }
  }

  @Test
  void render_objectKey_isClassAndHashWithoutCallingToString() {
    HugeKey key = new HugeKey();

    assertThat(KeyText.render(key)).isEqualTo(HugeKey.class.getName() + "#abc");
    assertThat(key.toStringCalled).isFalse();
  }

  @Test
  void render_throwingKey_neverThrows() {
    assertThat(KeyText.render(new ThrowingKey())).startsWith(ThrowingKey.class.getName() + "#");
  }

  @Test
  void render_longString_isCutToTheBound() {
    String rendered = KeyText.render("k".repeat(1000));

    assertThat(rendered.length()).isLessThanOrEqualTo(KeyText.MAX_CHARS + 20);
    assertThat(rendered).startsWith("\"kkkk");
  }

  @Test
  void render_valuesAndTuples_areReadable() {
    assertThat(KeyText.render(42L)).isEqualTo("42");
    assertThat(KeyText.render(null)).isEqualTo("null");
    assertThat(KeyText.render(new Tuple2<>("a", 7))).isEqualTo("(\"a\", 7)");
    assertThat(KeyText.render(new Tuple2<>("a", new HugeKey()))).isEqualTo("(\"a\", " + HugeKey.class.getName() + "#abc)");
  }

  @Test
  void describe_manyHugeKeys_namesAtMostTheLimitEachBounded() {
    Map<String, HotKey> hot = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      hot.put(i + "y".repeat(5000), new HotKey(4, true, 1000 + i, 0));
    }

    String line = SkewJoinRunner.describe(new SaltPlan<>(hot, 300),
        SkewJoin.Options.defaults().withBucketBytes(300).resolve(new org.apache.spark.SparkConf(false)), 8);

    assertThat(line).startsWith("30 hot key(s) salted").endsWith("; and 10 more");
    assertThat(line.length()).isLessThan(SkewJoinRunner.MAX_LOGGED_KEYS * (KeyText.MAX_CHARS + 100) + 200);
  }
}
