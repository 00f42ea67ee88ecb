package io.spillway.shuffle.skew;

/**
 * A string builder that stops at a character limit, escapes what could break a log line, and remembers how
 * long the text would have been: the output side of {@link KeyRenderer}.
 *
 * <p>Escaping: backslash as {@code \\}, newline, carriage return and tab as {@code \n}, {@code \r}, {@code \t};
 * every other ISO control character, U+2028/U+2029 and unpaired surrogates as {@code \}{@code uXXXX}. An escape
 * sequence or a surrogate pair is written whole or not at all.
 */
final class BoundedText {

  /** Marks a cut: followed by the full length when it is known. */
  static final char ELLIPSIS = '\u2026';

  private final int maxChars;
  private final StringBuilder out;
  private long sourceChars;
  private boolean truncated;
  private boolean lengthKnown = true;

  BoundedText(int maxChars) {
    this.maxChars = maxChars;
    this.out = new StringBuilder(Math.min(maxChars, 256) + 24);
  }

  boolean isFull() {
    return truncated;
  }

  /** Records that some of the text was never produced (e.g. array elements not visited). */
  void markIncomplete() {
    truncated = true;
    lengthKnown = false;
  }

  BoundedText append(CharSequence text) {
    int length = text.length();
    sourceChars += length;
    for (int i = 0; i < length && !truncated; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (fits(2)) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (c == '\\') {
        write("\\\\");
      } else if (c == '\n') {
        write("\\n");
      } else if (c == '\r') {
        write("\\r");
      } else if (c == '\t') {
        write("\\t");
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
        write(unicodeEscape(c));
      } else if (fits(1)) {
        out.append(c);
      }
    }
    return this;
  }

  /** The text, cut at {@code maxChars} with an ellipsis and, when known, the full length in characters. */
  String finish() {
    if (!truncated) {
      return out.toString();
    }
    out.append(ELLIPSIS);
    if (lengthKnown) {
      out.append('(').append(sourceChars).append(" chars)");
    }
    return out.toString();
  }

  private void write(String piece) {
    if (fits(piece.length())) {
      out.append(piece);
    }
  }

  private boolean fits(int chars) {
    if (out.length() + chars > maxChars) {
      truncated = true;
      return false;
    }
    return true;
  }

  private static String unicodeEscape(char c) {
    String hex = Integer.toHexString(c);
    return "\\u" + "0000".substring(hex.length()) + hex;
  }
}
