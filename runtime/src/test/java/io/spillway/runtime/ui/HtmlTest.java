package io.spillway.runtime.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void text_markup_isEscaped() {
    assertThat(Html.text("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }

  @Test
  void text_veryLongString_isCutAndSaysHowLong() {
    String out = Html.text("k".repeat(1_000_000), 50);
    assertThat(out).startsWith("k".repeat(50) + "…").endsWith("(1000000 chars)").hasSizeLessThan(80);
  }

  @Test
  void text_binaryKey_showsControlCharactersAsEscapes() {
    String binary = new String(new char[] {'a', 0, 7, 0x1b, '\n', 0x7f, 'b'});
    assertThat(Html.text(binary)).isEqualTo("a\\u0000\\u0007\\u001B\\u000A\\u007Fb");
  }

  @Test
  void text_loneSurrogate_isEscapedButPairsKept() {
    assertThat(Html.text("x\uD800y")).isEqualTo("x\\uD800y");
    assertThat(Html.text("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void text_cutInsideSurrogatePair_cutsBeforeIt() {
    String out = Html.text("ab\uD83D\uDE00cd", 3);
    assertThat(out).startsWith("ab…").doesNotContain("\\uD83D");
  }

  @Test
  void text_toStringThrows_namesTheFailureInsteadOfThrowing() {
    Object evil = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("<b>boom</b>");
      }
    };
    assertThat(Html.text(evil)).contains("threw java.lang.IllegalStateException").doesNotContain("<");
  }

  @Test
  void text_nullAndNullToString_areEmptyAndNull() {
    Object nullString = new Object() {
      @Override
      public String toString() {
        return null;
      }
    };
    assertThat(Html.text(null)).isEmpty();
    assertThat(Html.text(nullString)).isEqualTo("null");
  }
}
