package io.spillway.shuffle.measured;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.storage.group.SpillFiles;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.TempLocalBlockId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** The bounded merge on a plain folder, against a reference aggregation. */
class BoundedRunMergeTest {

  @TempDir
  Path dir;

  private final SerializerInstance ser = new JavaSerializer(new SparkConf(false)).newInstance();

  private SpillFiles files() {
    return new SpillFiles() {
      @Override
      public Tuple2<BlockId, File> newFile() {
        UUID id = UUID.randomUUID();
        return new Tuple2<>(new TempLocalBlockId(id), dir.resolve(id.toString()).toFile());
      }

      @Override
      public OutputStream wrap(BlockId block, OutputStream raw) {
        return raw;
      }

      @Override
      public InputStream wrap(BlockId block, InputStream raw) {
        return raw;
      }
    };
  }

  /** One run: the pairs of {@code sums} (one per key) in ascending key-hash order, as a map spills them. */
  private SpillRun run(Map<String, Long> sums) {
    List<Tuple2<String, Long>> pairs = new ArrayList<>();
    sums.forEach((k, v) -> pairs.add(new Tuple2<>(k, v)));
    pairs.sort(Comparator.comparingInt(kc -> BoundedRunMerge.hash(kc._1())));
    return SpillRun.write(pairs.iterator(), files(), ser);
  }

  private static String key(int k) {
    // "Aa" and "BB" share a hash code: every key comes in a colliding pair
    return (k % 2 == 0 ? "Aa" : "BB") + (k / 2);
  }

  @Test
  void merge_thousandsOfRuns_equalsTheReferenceWithABoundedNumberOpen() {
    Random random = new Random(42);
    Map<String, Long> reference = new TreeMap<>();
    List<SpillRun> runs = new ArrayList<>();
    for (int r = 0; r < 3_000; r++) {
      Map<String, Long> sums = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        String k = key(random.nextInt(500));
        long v = random.nextInt(1_000);
        sums.merge(k, v, Long::sum);
        reference.merge(k, v, Long::sum);
      }
      runs.add(run(sums));
    }
    // a run costs 64 KiB of buffer and two small pairs: 1 MiB opens 15 at once
    BoundedRunMerge<String, Long> merge = new BoundedRunMerge<>(files(), ser, Long::sum, 1L << 20);
    int fanIn = merge.fanIn(runs);

    Map<String, Long> merged = new TreeMap<>();
    Iterator<Tuple2<String, Long>> it = merge.merge(runs);
    int lastHash = Integer.MIN_VALUE;
    while (it.hasNext()) {
      Tuple2<String, Long> kc = it.next();
      assertThat(merged.put(kc._1(), kc._2())).as("one pair per key: %s", kc._1()).isNull();
      assertThat(BoundedRunMerge.hash(kc._1())).isGreaterThanOrEqualTo(lastHash);
      lastHash = BoundedRunMerge.hash(kc._1());
    }

    assertThat(fanIn).isEqualTo(15);
    assertThat(merged).isEqualTo(reference);
    assertThat(merge.maxOpenAtOnce()).isLessThanOrEqualTo(fanIn);
    assertThat(merge.rounds()).isGreaterThan(100);
    assertThat(dir.toFile().list()).as("every run file deleted once merged").isEmpty();
  }

  @Test
  void fanIn_multiMiBPairs_opensAsFewAsTheBudgetHolds() {
    Map<String, Long> one = Map.of("k", 1L);
    SpillRun small = run(one);
    List<Tuple2<String, byte[]>> big = List.of(new Tuple2<>("big", new byte[8 << 20]));
    SpillRun bigRun = SpillRun.write(big.iterator(), files(), ser);
    BoundedRunMerge<String, Long> merge = new BoundedRunMerge<>(files(), ser, Long::sum, 64L << 20);

    assertThat(bigRun.largestPairBytes).isGreaterThan(8L << 20);
    assertThat(merge.fanIn(List.of(small))).isEqualTo((int) ((64L << 20) / BoundedRunMerge.headBytes(small)));
    assertThat(merge.fanIn(List.of(small, bigRun))).as("two 8 MiB heads and a buffer per run: 3 fit in 64 MiB")
        .isEqualTo(3);
    assertThat(new BoundedRunMerge<>(files(), ser, Long::sum, 1).fanIn(List.of(bigRun))).as("never fewer than two")
        .isEqualTo(2);
  }

  /** Like {@link #files()}, but each batch compressed on its own, as Spark's spill compression frames it. */
  private SpillFiles gzipFiles() {
    SpillFiles plain = files();
    return new SpillFiles() {
      @Override
      public Tuple2<BlockId, File> newFile() {
        return plain.newFile();
      }

      @Override
      public OutputStream wrap(BlockId block, OutputStream raw) {
        try {
          return new java.util.zip.GZIPOutputStream(raw);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public InputStream wrap(BlockId block, InputStream raw) {
        try {
          return new java.util.zip.GZIPInputStream(raw);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  @Test
  void merge_runsOfManyBatchesCompressed_equalsTheReference() {
    SpillFiles gzip = gzipFiles();
    // 25 000 small pairs: three batches by count; 6 pairs of 600 KiB: batches by bytes
    List<Tuple2<Integer, byte[]>> many = new ArrayList<>();
    for (int k = 0; k < 25_000; k++) {
      many.add(new Tuple2<>(k, new byte[] {(byte) k}));
    }
    List<Tuple2<Integer, byte[]>> big = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      byte[] v = new byte[600 << 10];
      v[0] = (byte) (k + 1);
      big.add(new Tuple2<>(k * 4_000, v));
    }
    SpillRun manyRun = SpillRun.write(many.iterator(), gzip, ser);
    SpillRun bigRun = SpillRun.write(big.iterator(), gzip, ser);
    assertThat(manyRun.batches()).isEqualTo(3);
    assertThat(bigRun.batches()).isEqualTo(3);
    BoundedRunMerge<Integer, byte[]> merge = new BoundedRunMerge<>(gzip, ser, (a, b) -> new byte[] {(byte) (a[0] + b[0])},
        64L << 20);

    Map<Integer, Integer> merged = new TreeMap<>();
    merge.merge(List.of(manyRun, bigRun)).forEachRemaining(kc -> merged.put(kc._1(), (int) kc._2()[0]));

    assertThat(merged).hasSize(25_000);
    for (int k = 0; k < 25_000; k++) {
      int expected = (byte) k + (k % 4_000 == 0 && k / 4_000 < 6 ? k / 4_000 + 1 : 0);
      assertThat(merged.get(k)).as("key %d", k).isEqualTo((int) (byte) expected);
    }
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void merge_fewRuns_singleRoundNoIntermediateFiles() {
    List<SpillRun> runs = List.of(run(Map.of("a", 1L, "b", 2L)), run(Map.of("a", 10L, "c", 3L)));
    BoundedRunMerge<String, Long> merge = new BoundedRunMerge<>(files(), ser, Long::sum, 64L << 20);

    Map<String, Long> merged = new TreeMap<>();
    merge.merge(runs).forEachRemaining(kc -> merged.put(kc._1(), kc._2()));

    assertThat(merged).isEqualTo(Map.of("a", 11L, "b", 2L, "c", 3L));
    assertThat(merge.rounds()).isZero();
    assertThat(merge.maxOpenAtOnce()).isEqualTo(2);
  }

  @Test
  void merge_aByteFlippedInACompressedRun_failsNamingTheRunBeforeTheCodecReadsIt() throws Exception {
    SpillFiles gzip = gzipFiles();
    List<Tuple2<Object, Object>> many = new ArrayList<>();
    for (int k = 0; k < 25_000; k++) {
      many.add(new Tuple2<>(k, new byte[] {(byte) k}));
    }
    for (double where : new double[] {0.0, 0.33, 0.5, 1.0}) {
      SpillRun run = SpillRun.write(many.iterator(), gzip, ser);
      SpillRun other = SpillRun.write(List.of(new Tuple2<Object, Object>(-1, new byte[] {1})).iterator(), gzip, ser);
      long at = Math.min(run.file.length() - 1, 3 + (long) (where * run.file.length()));
      try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(run.file, "rw")) {
        raf.seek(at);
        int b = raf.read();
        raf.seek(at);
        raf.write(b ^ 0x10);
      }
      BoundedRunMerge<Object, Object> merge = new BoundedRunMerge<>(gzip, ser, (a, b) -> a, 64L << 20);

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> merge.merge(List.of(run, other))
              .forEachRemaining(kc -> { }))
          .as("byte %d of %d flipped", at, run.file.length())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("spill run " + run.file)
          .hasRootCauseInstanceOf(io.spillway.storage.io.CorruptChunkException.class);
    }
  }
}
