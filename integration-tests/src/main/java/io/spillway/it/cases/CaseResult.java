package io.spillway.it.cases;

/**
 * What a case's job computed next to what it should have computed. Both are rendered as strings
 * (a checksum, a count, a few numbers) so the runner can write them to its result file as they are.
 *
 * @param expected the answer derived from the deterministic generator, without Spark's shuffle, or
 *                 {@link #SAME_AS_STOCK} for a workload judged against stock's answer
 * @param actual   the answer the Spark job returned
 */
public record CaseResult(String expected, String actual) {

  /**
   * The expected answer of a workload whose answer cannot be derived without a query engine (a TPC-H query):
   * the run counts as finished, and {@code spillway bench} requires both sides of each pair to have returned the
   * same answer. A single run judged this way is not checked at all; the A/B report says "same as stock".
   */
  public static final String SAME_AS_STOCK = "(same as stock)";

  /** A result judged against stock's: see {@link #SAME_AS_STOCK}. */
  public static CaseResult checkedAgainstStock(String actual) {
    return new CaseResult(SAME_AS_STOCK, actual);
  }

  public boolean correct() {
    return expected.equals(SAME_AS_STOCK) || expected.equals(actual);
  }
}
