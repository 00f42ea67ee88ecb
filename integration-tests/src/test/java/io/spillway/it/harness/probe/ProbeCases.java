package io.spillway.it.harness.probe;

import io.spillway.it.cases.CaseParams;
import io.spillway.it.cases.CaseResult;
import io.spillway.it.cases.Cases;
import io.spillway.it.cases.OomCase;
import io.spillway.it.harness.CaseRunner;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Harness-only workloads, so the A/B harness can be exercised end to end before the seed cases
 * exist: {@code P1} spills and gets the right answer, {@code P2} kills its executors with
 * OutOfMemoryError, {@code P3} finishes with a wrong answer. {@link #main} registers them and
 * hands over to {@link CaseRunner}; the harness picks this class with {@code --runner-main}.
 */
public final class ProbeCases {

  private ProbeCases() {}

  public static void main(String[] args) throws Exception {
    registerAll();
    CaseRunner.main(args);
  }

  /** Registers the probes through {@code Cases.register}, which is package-private to the seed suite. */
  public static void registerAll() throws ReflectiveOperationException {
    Method register = Cases.class.getDeclaredMethod("register", OomCase.class);
    register.setAccessible(true);
    register.invoke(null, new SpillingSort());
    register.invoke(null, new Hoarder());
    register.invoke(null, new WrongAnswer());
  }

  /** Sorts more records than execution memory holds: spills, and the sum must still be right. */
  static final class SpillingSort implements OomCase {
    @Override public String id() { return "P1"; }
    @Override public String title() { return "probe: sortByKey that spills"; }
    @Override public String seedCases() { return "none (harness probe)"; }
    @Override public CaseParams defaults() { return CaseParams.of(3_000_000, 0, 4); }

    @Override public CaseResult run(SparkSession spark, CaseParams p) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long n = p.records();
      JavaRDD<Long> ids = sc.parallelize(List.of(0, 1, 2, 3), p.partitions())
          .flatMap(part -> LongStream.range(0, n).filter(i -> i % 4 == part).boxed().iterator());
      long sum = ids.mapToPair(i -> new Tuple2<>(i * 7919 % n, i)).sortByKey()
          .map(t -> t._2()).reduce(Long::sum);
      return new CaseResult(Long.toString(n * (n - 1) / 2), Long.toString(sum));
    }
  }

  /** Holds on to every block it allocates: the executor must die with OutOfMemoryError. */
  static final class Hoarder implements OomCase {
    @Override public String id() { return "P2"; }
    @Override public String title() { return "probe: task that hoards memory"; }
    @Override public String seedCases() { return "none (harness probe)"; }
    @Override public CaseParams defaults() { return CaseParams.of(1, 0, 2); }

    @Override public CaseResult run(SparkSession spark, CaseParams p) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long blocks = sc.parallelize(List.of(1, 2), p.partitions()).map(x -> {
        List<byte[]> held = new ArrayList<>();
        while (true) {
          held.add(new byte[1 << 20]);
          if (held.size() == Integer.MAX_VALUE) {
            return held.size();
          }
        }
      }).count();
      return new CaseResult("never", Long.toString(blocks));
    }
  }

  /** Finishes quickly with an answer that differs from the expected one. */
  static final class WrongAnswer implements OomCase {
    @Override public String id() { return "P3"; }
    @Override public String title() { return "probe: wrong answer"; }
    @Override public String seedCases() { return "none (harness probe)"; }
    @Override public CaseParams defaults() { return CaseParams.of(1000, 0, 2); }

    @Override public CaseResult run(SparkSession spark, CaseParams p) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long count = sc.parallelize(List.of(1, 2, 3), p.partitions()).count();
      return new CaseResult("4", Long.toString(count));
    }
  }
}
