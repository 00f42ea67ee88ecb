package io.spillway.it.cases;

/**
 * What a case's job computed next to what it should have computed. Both are rendered as strings
 * (a checksum, a count, a few numbers) so the runner can write them to its result file as they are.
 *
 * @param expected the answer derived from the deterministic generator, without Spark's shuffle
 * @param actual   the answer the Spark job returned
 */
public record CaseResult(String expected, String actual) {

  public boolean correct() {
    return expected.equals(actual);
  }
}
