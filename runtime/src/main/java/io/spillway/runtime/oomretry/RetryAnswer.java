package io.spillway.runtime.oomretry;

import java.io.Serializable;
import java.util.Objects;

/**
 * The driver's answer to a {@link RetryQuery}.
 *
 * @param verdict   what the driver knows
 * @param priorOoms out-of-memory attempts recorded for the partition (0 unless {@link Verdict#RAN_OUT_BEFORE})
 * @param cause     the latest of them in words, empty when none
 */
public record RetryAnswer(Verdict verdict, int priorOoms, String cause) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What the driver can say about a partition. */
  public enum Verdict {
    /** An earlier attempt of the partition ran out of memory: this one runs alone. */
    RAN_OUT_BEFORE,
    /** No earlier attempt of the partition ran out of memory. */
    NO_OOM,
    /**
     * The driver's listener has not yet seen this attempt start, so a failure of the attempt before it may
     * still be on its way: ask again shortly.
     */
    NOT_SEEN_YET
  }

  public static final RetryAnswer NO_OOM = new RetryAnswer(Verdict.NO_OOM, 0, "");
  public static final RetryAnswer NOT_SEEN_YET = new RetryAnswer(Verdict.NOT_SEEN_YET, 0, "");

  public RetryAnswer {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(cause, "cause");
  }
}
