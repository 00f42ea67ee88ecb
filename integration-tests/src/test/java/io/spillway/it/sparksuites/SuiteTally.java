package io.spillway.it.sparksuites;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.scalatest.Reporter;
import org.scalatest.events.Event;
import org.scalatest.events.RunAborted;
import org.scalatest.events.SuiteAborted;
import org.scalatest.events.TestCanceled;
import org.scalatest.events.TestFailed;
import org.scalatest.events.TestIgnored;
import org.scalatest.events.TestSucceeded;

/**
 * A ScalaTest reporter that counts what happened, for {@link SparkSuitesRunner}'s verdict: ScalaTest's own
 * "success" is true for a run that found no tests at all, which must not count as the suites passing. ScalaTest
 * creates it by name ({@code -C}), so the counts are static.
 */
public final class SuiteTally implements Reporter {

  static final AtomicInteger SUCCEEDED = new AtomicInteger();
  static final AtomicInteger FAILED = new AtomicInteger();
  static final AtomicInteger IGNORED = new AtomicInteger();
  static final AtomicInteger CANCELED = new AtomicInteger();
  /** Suites aborted (an error outside a test, e.g. in beforeAll) and whole-run aborts. */
  static final AtomicInteger ABORTED = new AtomicInteger();
  static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();

  public SuiteTally() {}

  @Override
  public void apply(Event event) {
    if (event instanceof TestSucceeded) {
      SUCCEEDED.incrementAndGet();
    } else if (event instanceof TestFailed failed) {
      FAILED.incrementAndGet();
      PROBLEMS.add("FAILED " + failed.suiteName() + ": " + failed.testName() + " - " + failed.message());
    } else if (event instanceof TestIgnored) {
      IGNORED.incrementAndGet();
    } else if (event instanceof TestCanceled canceled) {
      CANCELED.incrementAndGet();
      PROBLEMS.add("CANCELED " + canceled.suiteName() + ": " + canceled.testName() + " - " + canceled.message());
    } else if (event instanceof SuiteAborted aborted) {
      ABORTED.incrementAndGet();
      PROBLEMS.add("ABORTED " + aborted.suiteName() + " - " + aborted.message());
    } else if (event instanceof RunAborted aborted) {
      ABORTED.incrementAndGet();
      PROBLEMS.add("RUN ABORTED - " + aborted.message());
    }
  }
}
