package io.spillway.it.cases;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The deterministic (key, value) generator behind the skewed cases: record {@code g} (0 ≤ g < records)
 * is a pure function of {@code g}, so executors generate their partitions from the partition id alone and
 * the driver recomputes any expected answer by looping over {@code g} without Spark.
 *
 * <ul>
 *   <li><b>Keys.</b> A record is on {@link #HOT_KEY} when a hash of {@code g} falls below {@code skew}
 *       (so the hot share is {@code skew} up to sampling noise); otherwise its key is one of
 *       {@code coldKeys} keys {@code 1..coldKeys}, chosen by another hash of {@code g}.</li>
 *   <li><b>Values.</b> Records are grouped in blocks of {@code valuesPerBlock} consecutive indexes; all
 *       records of a block carry the same value, and different blocks carry different values (the value is
 *       a bijective hash of the block number). So a key's number of distinct values is the number of
 *       blocks that touch it, which {@link GenKeyStats} counts in O(keys) memory.</li>
 *   <li><b>Partitions.</b> Input partition {@code p} holds indexes {@code [start(p), start(p + 1))}.</li>
 * </ul>
 */
public final class GenSkewedPairs implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The one hot key; cold keys are {@code 1..coldKeys}. */
  public static final long HOT_KEY = 0L;

  /** Salts that make the hot/cold choice, the cold key and the value independent hashes of {@code g}. */
  private static final long HOT_SALT = 0x5DEECE66DL;
  private static final long KEY_SALT = 0x2545F4914F6CDD1DL;
  private static final long VALUE_SALT = 0x1B873593L;

  private final long records;
  private final int partitions;
  private final long coldKeys;
  private final long valuesPerBlock;
  /** A record is hot when the top 32 bits of its hot-hash are below this, out of 2^32. */
  private final long hotThreshold;

  /** The generator described by a case's params, whose extra knobs are {@code coldKeys} and {@code valuesPerBlock}. */
  static GenSkewedPairs of(CaseParams p) {
    return new GenSkewedPairs(p.records(), p.skew(), p.partitions(), p.extra("coldKeys"), p.extra("valuesPerBlock"));
  }

  public GenSkewedPairs(long records, double skew, int partitions, long coldKeys, long valuesPerBlock) {
    if (records <= 0 || partitions <= 0 || coldKeys <= 0 || valuesPerBlock <= 0) {
      throw new IllegalArgumentException("records, partitions, coldKeys and valuesPerBlock must be > 0, were "
          + records + ", " + partitions + ", " + coldKeys + ", " + valuesPerBlock);
    }
    if (skew < 0 || skew > 1) {
      throw new IllegalArgumentException("skew must be within [0, 1], was " + skew);
    }
    this.records = records;
    this.partitions = partitions;
    this.coldKeys = coldKeys;
    this.valuesPerBlock = valuesPerBlock;
    this.hotThreshold = Math.round(skew * (1L << 32));
  }

  public long records() {
    return records;
  }

  public int partitions() {
    return partitions;
  }

  public long coldKeys() {
    return coldKeys;
  }

  public long valuesPerBlock() {
    return valuesPerBlock;
  }

  /** The first index of input partition {@code p}; {@code start(partitions) == records}. */
  public long start(int p) {
    return Math.multiplyExact(records, (long) p) / partitions;
  }

  public boolean isHot(long g) {
    return (GenChecksum.mix64(g ^ HOT_SALT) >>> 32) < hotThreshold;
  }

  public long key(long g) {
    return isHot(g) ? HOT_KEY : 1 + Long.remainderUnsigned(GenChecksum.mix64(g ^ KEY_SALT), coldKeys);
  }

  public long value(long g) {
    return GenChecksum.mix64((g / valuesPerBlock) ^ VALUE_SALT);
  }

  /** Input partition {@code p}'s records, generated lazily: nothing is held but the current index. */
  public Iterator<Tuple2<Long, Long>> partition(int p) {
    long end = start(p + 1);
    return new Iterator<>() {
      private long g = start(p);

      @Override
      public boolean hasNext() {
        return g < end;
      }

      @Override
      public Tuple2<Long, Long> next() {
        if (g >= end) {
          throw new NoSuchElementException();
        }
        long i = g++;
        return new Tuple2<>(key(i), value(i));
      }
    };
  }

  /** The records as an RDD generated on the executors, one input partition per generator partition. */
  public JavaPairRDD<Long, Long> rdd(JavaSparkContext jsc) {
    GenSkewedPairs gen = this;
    return partitionIds(jsc, partitions).flatMapToPair(gen::partition);
  }

  /** An RDD of {@code 0..n-1}, one id per partition: the seed executors generate their data from. */
  static org.apache.spark.api.java.JavaRDD<Integer> partitionIds(JavaSparkContext jsc, int n) {
    return jsc.parallelize(IntStream.range(0, n).boxed().collect(Collectors.toList()), n);
  }
}
