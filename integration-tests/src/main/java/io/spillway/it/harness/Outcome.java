package io.spillway.it.harness;

/**
 * How one run ended, as the A/B table shows it. A run "survived" only when it is {@link #OK}: the job
 * finished and its answer equals the expected answer.
 */
public enum Outcome {
  /** Finished with the expected answer (or, for a submitted application, exited 0). */
  OK("ok"),
  /** Failed, and an executor exited with code 52 or something threw java.lang.OutOfMemoryError. */
  OOM("OOM"),
  /** Finished, but with an answer that differs from the expected one. */
  WRONG("wrong result"),
  /** Failed for any other reason. */
  ERROR("error"),
  /** Still running when the per-run time limit was reached; its process tree was killed. */
  TIMEOUT("timeout");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** The word the report uses. */
  public String label() {
    return label;
  }
}
