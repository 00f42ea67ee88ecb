package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRendererTest {

  /** Longest suffix a cut rendering can carry: an ellipsis and a 19-digit length. */
  private static final int MAX_SUFFIX_CHARS = "\u2026( chars)".length() + 19;

  private final KeyRenderer renderer = KeyRenderer.DEFAULT;

  @Test
  void render_null_isNull() {
    assertThat(renderer.render(null)).isEqualTo("null");
  }

  @Test
  void render_string_quotedSoTheStringNullDiffersFromNull() {
    assertThat(renderer.render("user-42")).isEqualTo("\"user-42\"");
    assertThat(renderer.render("null")).isEqualTo("\"null\"");
    assertThat(renderer.render('x')).isEqualTo("'x'");
  }

  @Test
  void render_numbersAndCollections_theirToString() {
    assertThat(renderer.render(42L)).isEqualTo("42");
    assertThat(renderer.render(List.of(1, 2))).isEqualTo("[1, 2]");
  }

  @Test
  void render_longString_cutWithEllipsisAndFullLength() {
    String rendered = new KeyRenderer(16).render("x".repeat(100));

    assertThat(rendered).isEqualTo("\"" + "x".repeat(15) + "\u2026(102 chars)");
  }

  @Test
  void render_controlCharacters_escaped() {
    assertThat(renderer.render("a\nb\tc\rd\u0000e\u001bf\\g\u2028"))
        .isEqualTo("\"a\\nb\\tc\\rd\\u0000e\\u001bf\\\\g\\u2028\"");
  }

  @Test
  void render_escapeAtTheCut_notSplit() {
    String rendered = new KeyRenderer(8).render("abcdef\n");

    assertThat(rendered).isEqualTo("\"abcdef\u2026(9 chars)");
  }

  @Test
  void render_surrogatePairAtTheCut_notSplit() {
    String rendered = new KeyRenderer(8).render("abcdef\uD83D\uDE00");

    assertThat(rendered).isEqualTo("\"abcdef\u2026(10 chars)");
  }

  @Test
  void render_surrogatePairInside_keptAndLoneSurrogateEscaped() {
    assertThat(renderer.render("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
    assertThat(renderer.render("a\uD800b")).isEqualTo("\"a\\ud800b\"");
  }

  @Test
  void render_bytes_lengthAndHex() {
    assertThat(renderer.render(new byte[] {0x0a, (byte) 0xff, 0})).isEqualTo("byte[3] 0aff00");
    assertThat(renderer.render(new byte[0])).isEqualTo("byte[0] ");
  }

  @Test
  void render_longBytes_hexPrefixThenEllipsis() {
    byte[] key = new byte[10_000];
    key[0] = 0x12;

    String rendered = new KeyRenderer(16).render(key);

    assertThat(rendered).isEqualTo("byte[10000] 1200\u2026");
  }

  @Test
  void render_arrays_componentTypeLengthAndElements() {
    assertThat(renderer.render(new int[] {1, 2, 3})).isEqualTo("int[3] [1, 2, 3]");
    assertThat(renderer.render(new Object[] {1, "a", null, new long[] {2}}))
        .isEqualTo("Object[4] [1, \"a\", null, long[1] [2]]");
  }

  @Test
  void render_hugeArray_stopsEarly() {
    String rendered = renderer.render(new long[50_000_000 / 8]);

    assertThat(rendered).startsWith("long[6250000] [0, 0, ").endsWith("\u2026")
        .hasSizeLessThanOrEqualTo(KeyRenderer.DEFAULT_MAX_CHARS + 1);
  }

  @Test
  void render_arrayContainingItself_terminatesCollapsed() {
    Object[] key = new Object[1];
    key[0] = key;

    assertThat(renderer.render(key)).isEqualTo("Object[1] [Object[1] [Object[1] [Object[1] [...]]]]");
  }

  @Test
  void render_scalaTupleAndCaseClass_theirToString() {
    assertThat(renderer.render(new scala.Tuple2<>("k", 7))).isEqualTo("(k,7)");
    assertThat(renderer.render(scala.Option.apply(5))).isEqualTo("Some(5)");
  }

  @Test
  void render_toStringThrows_classIdentityAndFailure() {
    ThrowingKey key = new ThrowingKey(new IllegalStateException("boom"));

    String rendered = new KeyRenderer(200).render(key);

    assertThat(rendered).isEqualTo("<" + ThrowingKey.class.getName() + "@"
        + Integer.toHexString(System.identityHashCode(key))
        + ": toString failed: java.lang.IllegalStateException: boom>");
  }

  @Test
  void render_toStringThrowsWithDefaultBound_stillBounded() {
    String rendered = renderer.render(new ThrowingKey(new IllegalStateException("x".repeat(10_000))));

    assertThat(rendered).startsWith("<io.spillway.shuffle.skew.KeyRendererTest$ThrowingKey@")
        .hasSizeLessThanOrEqualTo(KeyRenderer.DEFAULT_MAX_CHARS + MAX_SUFFIX_CHARS);
  }

  @Test
  void render_exceptionWhoseMessageThrows_rendersWithoutMessage() {
    RuntimeException nasty = new IllegalArgumentException() {
      @Override
      public String getMessage() {
        throw new UnsupportedOperationException("no message either");
      }
    };

    String rendered = new KeyRenderer(200).render(new ThrowingKey(nasty));

    assertThat(rendered).endsWith(": toString failed: " + nasty.getClass().getName() + ">");
  }

  @Test
  void render_toStringReturnsNull_saysSo() {
    Object key = new Object() {
      @Override
      public String toString() {
        return null;
      }
    };

    assertThat(new KeyRenderer(200).render(key)).isEqualTo("<" + key.getClass().getName() + "@"
        + Integer.toHexString(System.identityHashCode(key)) + ": toString returned null>");
  }

  @Test
  void render_enormousToString_cutWithFullLength() {
    Object key = new Object() {
      @Override
      public String toString() {
        return "y".repeat(1_000_000);
      }
    };

    assertThat(renderer.render(key)).isEqualTo("y".repeat(64) + "\u2026(1000000 chars)");
  }

  @Test
  void render_awkwardKeys_neverLongerThanBoundPlusSuffix() {
    Object[] keys = {null, "\n".repeat(1_000), new byte[1_000], new String[] {"a".repeat(500), "b"},
        new ThrowingKey(new RuntimeException("z".repeat(500))), "\uD83D\uDE00".repeat(300), new double[300]};
    for (Object key : keys) {
      assertThat(renderer.render(key)).hasSizeLessThanOrEqualTo(KeyRenderer.DEFAULT_MAX_CHARS + MAX_SUFFIX_CHARS);
    }
  }

  @Test
  void constructor_maxCharsBelowMinimum_rejected() {
    assertThatThrownBy(() -> new KeyRenderer(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxChars must be at least 8 but was 7");
  }

  private static final class ThrowingKey {
    private final RuntimeException failure;

    ThrowingKey(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public String toString() {
      throw failure;
    }
  }
}
