package io.spillway.it.cases;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * B5 — word count over generated text: lines split into words, {@code (word, 1)} pairs, {@code reduceByKey}. A
 * no-pressure benchmark workload for {@code spillway bench}, the "hello world" every cluster runs in some form:
 * string keys, a power-law vocabulary (a few words in most lines, a long tail), map-side combine.
 *
 * <p>Shape: line {@code g} has 4–19 words; its word {@code i} is {@code "w" + rank} in base 36, with {@code rank}
 * power-law distributed over {@code vocabulary} words ({@link UtilPowerLaw}), all from hashes of {@code (g, i)}.
 * Answer: one item per word that occurs, checksum over {@code (rank, count)}; the driver counts into a
 * {@code long[vocabulary]} without Spark.
 *
 * <p>Knobs: {@code vocabulary}. Scaling changes lines only.
 */
public final class B5WordCount implements BenchmarkWorkload {

  /** Distinct words lines draw from. */
  public static final String VOCABULARY = "vocabulary";

  private static final long SALT_LENGTH = 0xB5_01L;
  private static final long SALT_WORD = 0xB5_02L;
  private static final int MIN_WORDS = 4;
  private static final int WORDS_SPREAD = 16;

  @Override
  public String id() {
    return "B5";
  }

  @Override
  public String title() {
    return "benchmark: word count (split, reduceByKey) over generated text, no memory pressure";
  }



  @Override
  public CaseParams defaults() {
    return CaseParams.of(3_000_000, 0.0, 8).with(VOCABULARY, 500_000);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long lines = params.records();
    int partitions = params.partitions();
    int vocabulary = Math.toIntExact(params.extra(VOCABULARY));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<String> text = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(lines, partitions, p, g -> line(g, vocabulary)));
    JavaRDD<Long> counts = text
        .flatMap(l -> List.of(l.split(" ")).iterator())
        .mapToPair(w -> new Tuple2<>(w, 1L))
        .reduceByKey(Long::sum, partitions)
        .map(t -> GenChecksum.hash(Long.parseLong(t._1().substring(1), Character.MAX_RADIX), t._2()));
    return new CaseResult(expected(params), GenChecksum.sumOnExecutors(counts));
  }

  /** Line {@code g}: its words separated by single spaces. */
  static String line(long g, int vocabulary) {
    List<String> words = new ArrayList<>();
    for (long r : ranks(g, vocabulary)) {
      words.add("w" + Long.toString(r, Character.MAX_RADIX));
    }
    return String.join(" ", words);
  }

  /** The vocabulary ranks of line {@code g}'s words, in order. */
  static long[] ranks(long g, int vocabulary) {
    int n = MIN_WORDS + (int) UtilHash.below(UtilHash.hash(g, SALT_LENGTH), WORDS_SPREAD);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = UtilPowerLaw.index(UtilHash.hash(g * WORDS_SPREAD + i, SALT_WORD), vocabulary);
    }
    return out;
  }

  /** The answer from the generator alone: per-word counts, one item per word that occurs. */
  static String expected(CaseParams params) {
    int vocabulary = Math.toIntExact(params.extra(VOCABULARY));
    long[] counts = new long[vocabulary];
    for (long g = 0; g < params.records(); g++) {
      for (long r : ranks(g, vocabulary)) {
        counts[(int) r]++;
      }
    }
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int r = 0; r < vocabulary; r++) {
      if (counts[r] > 0) {
        acc.add(GenChecksum.hash(r, counts[r]));
      }
    }
    return acc.render();
  }
}
