package io.spillway.shuffle.skew;

import java.lang.reflect.Array;

/**
 * Turns a shuffle key into a short, printable string for skew reports, log lines and error messages. A report
 * about a hot key must never be the thing that fails, so {@link #render} never throws for a
 * {@link RuntimeException} raised by a key, and never returns more than {@code maxChars} characters plus a short
 * suffix, whatever the key.
 *
 * <p>Forms:
 * <ul>
 *   <li>{@code null} → {@code null}; a {@code String} → in double quotes (so the key {@code "null"} differs from
 *       the null key); a {@code Character} → in single quotes;</li>
 *   <li>{@code byte[]} → {@code byte[5] 0a1b2c3d4e}, a hex prefix;</li>
 *   <li>other arrays → {@code int[3] [1, 2, 3]}, elements rendered the same way, nested arrays deeper than
 *       {@value #MAX_ARRAY_DEPTH} levels as {@code [...]};</li>
 *   <li>anything else (boxed numbers, Scala tuples and case classes, Spark rows) → its {@code toString}; if that
 *       throws a {@code RuntimeException} or returns null → {@code <ClassName@identityHash: toString failed:
 *       ExceptionClass: message>}. Errors ({@code StackOverflowError}, {@code OutOfMemoryError}) are not caught:
 *       Spillway never catches them.</li>
 * </ul>
 * Control characters are escaped ({@link BoundedText}). A cut rendering ends with {@code …(N chars)}, N the full
 * rendering's length, or with a bare {@code …} for arrays (whose header already says the length).
 *
 * <p>A huge {@code toString} is still computed in full before it is cut; only arrays are rendered lazily.
 */
public final class KeyRenderer {

  /** Default bound: enough to recognise a key in a log line without flooding it. */
  public static final int DEFAULT_MAX_CHARS = 64;

  /** Smallest accepted bound: below it even {@code byte[n]} headers would not fit. */
  public static final int MIN_MAX_CHARS = 8;

  /** Nesting depth of arrays rendered element by element; deeper ones (or self-containing ones) collapse. */
  public static final int MAX_ARRAY_DEPTH = 3;

  /** A renderer with {@link #DEFAULT_MAX_CHARS}. */
  public static final KeyRenderer DEFAULT = new KeyRenderer(DEFAULT_MAX_CHARS);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final int maxChars;

  /**
   * @param maxChars characters kept before the ellipsis suffix
   * @throws IllegalArgumentException if {@code maxChars} is below {@link #MIN_MAX_CHARS}
   */
  public KeyRenderer(int maxChars) {
    if (maxChars < MIN_MAX_CHARS) {
      throw new IllegalArgumentException("maxChars must be at least " + MIN_MAX_CHARS + " but was " + maxChars);
    }
    this.maxChars = maxChars;
  }

  public int maxChars() {
    return maxChars;
  }

  /** The bounded rendering of {@code key}; see the class documentation for the forms. */
  public String render(Object key) {
    BoundedText text = new BoundedText(maxChars);
    append(text, key, 0);
    return text.finish();
  }

  private void append(BoundedText text, Object key, int depth) {
    if (key == null) {
      text.append("null");
    } else if (key instanceof String string) {
      text.append("\"").append(string).append("\"");
    } else if (key instanceof Character character) {
      text.append("'").append(String.valueOf(character.charValue())).append("'");
    } else if (key instanceof byte[] bytes) {
      appendBytes(text, bytes);
    } else if (key.getClass().isArray()) {
      appendArray(text, key, depth);
    } else {
      appendToString(text, key);
    }
  }

  private static void appendBytes(BoundedText text, byte[] bytes) {
    text.append("byte[" + bytes.length + "] ");
    char[] pair = new char[2];
    for (int i = 0; i < bytes.length; i++) {
      if (text.isFull()) {
        text.markIncomplete();
        return;
      }
      pair[0] = HEX[(bytes[i] >> 4) & 0xf];
      pair[1] = HEX[bytes[i] & 0xf];
      text.append(new String(pair));
    }
  }

  private void appendArray(BoundedText text, Object array, int depth) {
    int length = Array.getLength(array);
    text.append(array.getClass().getComponentType().getSimpleName() + "[" + length + "] ");
    if (depth >= MAX_ARRAY_DEPTH) {
      text.append("[...]");
      return;
    }
    text.append("[");
    for (int i = 0; i < length; i++) {
      if (text.isFull()) {
        text.markIncomplete();
        return;
      }
      if (i > 0) {
        text.append(", ");
      }
      append(text, Array.get(array, i), depth + 1);
    }
    text.append("]");
  }

  private static void appendToString(BoundedText text, Object key) {
    String rendered;
    try {
      rendered = key.toString();
    } catch (RuntimeException e) {
      appendFailure(text, key, e);
      return;
    }
    if (rendered == null) {
      appendFailure(text, key, null);
    } else {
      text.append(rendered);
    }
  }

  private static void appendFailure(BoundedText text, Object key, RuntimeException failure) {
    text.append("<").append(key.getClass().getName()).append("@")
        .append(Integer.toHexString(System.identityHashCode(key)));
    if (failure == null) {
      text.append(": toString returned null>");
      return;
    }
    text.append(": toString failed: ").append(failure.getClass().getName());
    String message;
    try {
      message = failure.getMessage();
    } catch (RuntimeException e) {
      message = null;
    }
    if (message != null) {
      text.append(": ").append(message);
    }
    text.append(">");
  }
}
