package io.spillway.it.cases;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A case's size knobs. {@code records}, {@code skew} and {@code partitions} are common to every case;
 * anything else a case needs (iterations, value size, …) goes in {@code extra}. {@link #scaled} multiplies
 * only the record count: a case whose other sizes should follow derives them from {@code records}.
 *
 * @param records    how many input records the generator produces
 * @param skew       the share of records on the hot key(s), 0..1 (0 when the case has no skew)
 * @param partitions input and shuffle partitions
 * @param extra      case-specific integer knobs, in a stable order for reports
 */
public record CaseParams(long records, double skew, int partitions, Map<String, Long> extra) {

  public CaseParams {
    if (records <= 0) {
      throw new IllegalArgumentException("records must be > 0, was " + records);
    }
    if (skew < 0 || skew > 1) {
      throw new IllegalArgumentException("skew must be within [0, 1], was " + skew);
    }
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    extra = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(extra, "extra")));
  }

  public static CaseParams of(long records, double skew, int partitions) {
    return new CaseParams(records, skew, partitions, Map.of());
  }

  public CaseParams with(String knob, long value) {
    Map<String, Long> m = new LinkedHashMap<>(extra);
    m.put(knob, value);
    return new CaseParams(records, skew, partitions, m);
  }

  /** A knob from {@code extra}, failing with the case's knob names when it is missing. */
  public long extra(String knob) {
    Long v = extra.get(knob);
    if (v == null) {
      throw new IllegalArgumentException("no knob '" + knob + "' in " + extra.keySet());
    }
    return v;
  }

  /** The same case with {@code records} multiplied by {@code factor} (at least 1 record). */
  public CaseParams scaled(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("scale must be > 0, was " + factor);
    }
    return new CaseParams(Math.max(1, Math.round(records * factor)), skew, partitions, extra);
  }
}
