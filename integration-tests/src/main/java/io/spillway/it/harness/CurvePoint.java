package io.spillway.it.harness;

/**
 * One point of a degradation curve: a case run in one mode at one executor memory, judged as {@code spillway ab}
 * judges ({@link RunRecord}).
 *
 * @param memory    the executor memory as given ({@code 512m})
 * @param memoryMiB the same in MiB, which orders the points
 * @param run       the run and its event-log figures
 */
public record CurvePoint(String memory, int memoryMiB, RunRecord run) {

  /** The run finished with the expected answer, so its wall time is a point of the curve. */
  public boolean ok() {
    return run.outcome() == Outcome.OK;
  }
}
