package io.spillway.it.cases;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Text lines with heavy-tailed lengths, as in real logs: most lines are short, and a rare line is huge (a
 * stack trace, a JSON blob). Value {@code u}'s line is a pure function of {@code u}: a 16-hex-digit key
 * {@code mix64(u)}, a bar, and a payload of hex digits; the payload has {@code smallChars} characters, except
 * for one value in {@code bigOneIn} (chosen by a hash of {@code u}), whose payload length is log-uniform
 * between {@code bigMinChars} and {@code bigMaxChars}. Equal values give equal lines, so the driver and the
 * executors build bit-identical lines.
 *
 * <p>Why a record of the shape and not static knobs: Spark closures capture it, so it is serializable.
 *
 * @param smallChars payload characters of an ordinary line
 * @param bigOneIn one value in this many has a big line
 * @param bigMinChars smallest payload of a big line
 * @param bigMaxChars largest payload of a big line
 */
public record GenHeavyTailedLines(int smallChars, long bigOneIn, int bigMinChars, int bigMaxChars)
    implements Serializable {

  /** Hex digits of a line's key. */
  public static final int KEY_CHARS = 16;

  private static final long serialVersionUID = 1L;
  private static final long SALT_PAYLOAD = 0x5A20L;
  private static final long SALT_BIG = 0x5A30L;
  private static final long SALT_BIG_SIZE = 0x5A40L;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  public GenHeavyTailedLines {
    if (smallChars < 0 || bigOneIn <= 0 || bigMinChars <= 0 || bigMaxChars < bigMinChars) {
      throw new IllegalArgumentException("need smallChars >= 0, bigOneIn > 0, 0 < bigMinChars <= bigMaxChars; got "
          + smallChars + ", " + bigOneIn + ", " + bigMinChars + ", " + bigMaxChars);
    }
  }

  /** True when value {@code u} has a big line. */
  public boolean isBig(long u) {
    return UtilHash.below(UtilHash.hash(u, SALT_BIG), bigOneIn) == 0;
  }

  /** Payload characters of value {@code u}'s line. */
  public int payloadChars(long u) {
    if (!isBig(u)) {
      return smallChars;
    }
    double logRange = Math.log((double) bigMaxChars / bigMinChars);
    long chars = Math.round(bigMinChars * Math.exp(logRange * UtilHash.unit(UtilHash.hash(u, SALT_BIG_SIZE))));
    return (int) Math.min(bigMaxChars, chars);
  }

  /** Value {@code u}'s line: key, bar, payload (chunk {@code j} of 16 digits is {@code hash(u, SALT + j)}). */
  public String line(long u) {
    int payload = payloadChars(u);
    byte[] b = new byte[KEY_CHARS + 1 + payload];
    putHex(b, 0, UtilHash.mix64(u), KEY_CHARS);
    b[KEY_CHARS] = '|';
    for (int at = KEY_CHARS + 1, j = 0; at < b.length; at += KEY_CHARS, j++) {
      putHex(b, at, UtilHash.hash(u, SALT_PAYLOAD + j), Math.min(KEY_CHARS, b.length - at));
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Writes the first {@code digits} of the 16 zero-padded hex digits of {@code v} at {@code at}. */
  private static void putHex(byte[] b, int at, long v, int digits) {
    for (int i = 0; i < digits; i++) {
      b[at + i] = HEX[(int) (v >>> (60 - 4 * i)) & 0xF];
    }
  }
}
