package io.spillway.shuffle.write;

import static io.spillway.shuffle.write.MapOutputFiles.dataFile;
import static io.spillway.shuffle.write.MapOutputFiles.indexFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.compat.SparkVersion;
import io.spillway.shuffle.LocalSpark;
import io.spillway.shuffle.compat.MapOutputPlugin;
import io.spillway.shuffle.compat.ShuffleIoCompat;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.shuffle.BaseShuffleHandle;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleManager;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import org.apache.spark.shuffle.ShuffleWriter;
import org.apache.spark.shuffle.api.ShuffleExecutorComponents;
import org.apache.spark.shuffle.sort.SortShuffleWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Product2;
import scala.Tuple2;

/**
 * The writer in a real task of the local context, writing through Spark's shuffle I/O plugin and
 * {@code IndexShuffleBlockResolver}: the same files as Spark's {@code SortShuffleWriter} when nothing
 * forces a spill, and the same records when spills are forced.
 */
class SpillwaySortShuffleWriterTest {

  private static final int PARTITIONS = 5;
  private static final int RECORDS = 20_000;
  private static final int KEYS = 1_000;
  private static final long KIB = 1024;

  private final List<long[]> written = new ArrayList<>();
  private TaskContextImpl task;
  private ShuffleDependency<Object, Object, Object> dep;
  private ShuffleExecutorComponents components;
  /** The scripted allocation counter: the records iterator advances it. */
  private long allocatedBytes;
  private long nowNanos;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
    dep = MapOutputFiles.sumDependency(PARTITIONS);
    components = ShuffleIoCompat.loadExecutorComponents(SparkEnv.get().conf());
  }

  @AfterEach
  void endTask() {
    for (long[] output : written) {
      MapOutputFiles.resolver().removeDataByMap((int) output[0], output[1]);
    }
    LocalSpark.endTask(task);
  }

  private SpillwaySortShuffleWriter<Object, Object, Object> ours(long mapId, MapSideWriters writers) {
    written.add(new long[] {dep.shuffleId(), mapId});
    return (SpillwaySortShuffleWriter<Object, Object, Object>) writers.writer(dep, mapId, task,
        task.taskMetrics().shuffleWriteMetrics());
  }

  /** Writers whose sorters spill only on the scripted triggers. */
  private MapSideWriters scripted(boolean underPressure, long allowanceBytes) {
    return new MapSideWriters(() -> MapOutputPlugin.of(components), () -> new MapSideSpillPolicy.Triggers(() -> underPressure,
        () -> nowNanos, new AllocationSpillBound(() -> allocatedBytes, () -> allowanceBytes, () -> allocatedBytes)));
  }

  /** The records, advancing the scripted counter and clock as the sorter consumes each. */
  private scala.collection.Iterator<Product2<Object, Object>> feeding(List<Product2<Object, Object>> records,
      long bytesPerRecord, long nanosPerRecord) {
    return MapOutputFiles.scala(records).map(r -> {
      allocatedBytes += bytesPerRecord;
      nowNanos += nanosPerRecord;
      return r;
    });
  }

  @Test
  void write_sameInputAsSparksSortShuffleWriter_byteIdenticalFilesAndMapStatus() throws IOException {
    List<Product2<Object, Object>> records = MapOutputFiles.records(RECORDS, KEYS);
    written.add(new long[] {dep.shuffleId(), 1L});
    SortShuffleWriter<Object, Object, Object> spark = new SortShuffleWriter<>(MapOutputFiles.handle(dep), 1L, task,
        task.taskMetrics().shuffleWriteMetrics(), components);
    spark.write(MapOutputFiles.scala(records));
    MapStatus sparkStatus = spark.stop(true).get();
    // production triggers: on the test JVM's 2 GiB heap nothing forces a spill of these few MiB
    SpillwaySortShuffleWriter<Object, Object, Object> writer = ours(2L, MapSideWriters.fromConf(SparkEnv.get().conf()));

    writer.write(MapOutputFiles.scala(records));
    MapSideSpillPolicy<Object, Object> policy = writer.spillPolicy();
    MapStatus status = writer.stop(true).get();

    assertThat(policy.allocationSpills() + policy.pressureSpills()).isZero();
    assertThat(dataFile(dep.shuffleId(), 2L)).hasBinaryContent(bytes(dataFile(dep.shuffleId(), 1L)));
    assertThat(indexFile(dep.shuffleId(), 2L)).hasBinaryContent(bytes(indexFile(dep.shuffleId(), 1L)));
    String algorithm = SparkEnv.get().conf().get(org.apache.spark.internal.config.package$.MODULE$.SHUFFLE_CHECKSUM_ALGORITHM());
    File sparkChecksums = MapOutputFiles.resolver().getChecksumFile(dep.shuffleId(), 1L, algorithm, Option.empty());
    assertThat(sparkChecksums).exists();
    assertThat(MapOutputFiles.resolver().getChecksumFile(dep.shuffleId(), 2L, algorithm, Option.empty()))
        .hasBinaryContent(bytes(sparkChecksums));
    assertThat(writer.getPartitionLengths()).containsExactly(spark.getPartitionLengths());
    assertThat(status.mapId()).isEqualTo(2L);
    assertThat(status.location()).isEqualTo(sparkStatus.location());
    if (SparkVersion.running().atLeast(4, 1)) { // row-based checksums are Spark 4.1's
      assertThat(status.checksumValue()).isEqualTo(sparkStatus.checksumValue());
    }
    for (int p = 0; p < PARTITIONS; p++) {
      assertThat(status.getSizeForBlock(p)).isEqualTo(sparkStatus.getSizeForBlock(p)).isPositive();
    }
    assertThat(MapOutputFiles.readBack(dep.shuffleId(), 2L, PARTITIONS, dep.serializer()))
        .isEqualTo(MapOutputFiles.expected(records, PARTITIONS));
  }

  @Test
  void write_allocationPastTheAllowance_spillsAndWritesTheSameRecords() throws IOException {
    List<Product2<Object, Object>> records = MapOutputFiles.records(RECORDS, KEYS);
    SpillwaySortShuffleWriter<Object, Object, Object> writer = ours(3L, scripted(false, 16 * 1024 * KIB));

    // 16 KiB per record against 16 MiB: a spill after every ~1,056 records (checks every 32)
    writer.write(feeding(records, 16 * KIB, 0));
    MapSideSpillPolicy<Object, Object> policy = writer.spillPolicy();
    writer.stop(true);

    assertThat(policy.allocationSpills()).isBetween(17, 19);
    assertThat(policy.pressureSpills()).isZero();
    assertThat(task.taskMetrics().memoryBytesSpilled()).isPositive();
    assertThat(task.taskMetrics().diskBytesSpilled()).isPositive();
    assertThat(MapOutputFiles.readBack(dep.shuffleId(), 3L, PARTITIONS, dep.serializer()))
        .isEqualTo(MapOutputFiles.expected(records, PARTITIONS));
  }

  @Test
  void write_underPressure_spillsPacedAndWritesTheSameRecords() throws IOException {
    List<Product2<Object, Object>> records = MapOutputFiles.records(RECORDS, KEYS);
    SpillwaySortShuffleWriter<Object, Object, Object> writer = ours(4L, scripted(true, Long.MAX_VALUE));

    // 20 s of records at 1 ms each, one pressure spill per 250 ms, the first after 64 records
    writer.write(feeding(records, 0, 1_000_000));
    MapSideSpillPolicy<Object, Object> policy = writer.spillPolicy();
    writer.stop(true);

    assertThat(policy.pressureSpills()).isBetween(79, 81);
    assertThat(policy.allocationSpills()).isZero();
    assertThat(MapOutputFiles.readBack(dep.shuffleId(), 4L, PARTITIONS, dep.serializer()))
        .isEqualTo(MapOutputFiles.expected(records, PARTITIONS));
  }

  @Test
  void stop_twice_statusOnceThenNoneAndSorterReleased() throws IOException {
    SpillwaySortShuffleWriter<Object, Object, Object> writer = ours(5L, scripted(false, Long.MAX_VALUE));
    writer.write(MapOutputFiles.scala(MapOutputFiles.records(100, 10)));

    Option<MapStatus> first = writer.stop(true);
    Option<MapStatus> second = writer.stop(false);

    assertThat(first.isDefined()).isTrue();
    assertThat(first.get().mapId()).isEqualTo(5L);
    assertThat(second.isDefined()).isFalse();
    assertThat(writer.sorter()).isNull();
  }

  @Test
  void stop_failedBeforeWrite_noStatus() {
    SpillwaySortShuffleWriter<Object, Object, Object> writer = ours(6L, scripted(false, Long.MAX_VALUE));

    assertThat(writer.stop(false).isDefined()).isFalse();
    assertThat(writer.getPartitionLengths()).isNull();
  }

  @Test
  void constructor_noMapSideCombine_refused() {
    List<Tuple2<Object, Object>> none = List.of();
    ShuffleDependency<Object, Object, Object> plain = new ShuffleDependency<>(
        LocalSpark.context().parallelizePairs(none).rdd(), new HashPartitioner(2), SparkEnv.get().serializer(),
        Option.empty(), Option.empty(), false, new ShuffleWriteProcessor(),
        LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());

    assertThatThrownBy(() -> scripted(false, 0).writer(plain, 7L, task,
        task.taskMetrics().shuffleWriteMetrics()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shuffle " + plain.shuffleId());
  }

  @Test
  void unregisterShuffle_afterSpillwayWrite_deletesTheMapOutput() throws IOException {
    // the context's own manager: it must record the map task as Spark's does, or the files outlive the shuffle
    ShuffleManager manager = SparkEnv.get().shuffleManager();
    ShuffleHandle handle = manager.registerShuffle(dep.shuffleId(), dep);
    ShuffleWriter<Object, Object> writer = manager.getWriter(handle, 8L, task, task.taskMetrics().shuffleWriteMetrics());
    writer.write(MapOutputFiles.scala(MapOutputFiles.records(100, 10)));
    writer.stop(true);
    assertThat(dataFile(dep.shuffleId(), 8L)).exists();

    manager.unregisterShuffle(dep.shuffleId());

    assertThat(dataFile(dep.shuffleId(), 8L)).doesNotExist();
    assertThat(indexFile(dep.shuffleId(), 8L)).doesNotExist();
  }

  private static byte[] bytes(File file) throws IOException {
    return Files.readAllBytes(file.toPath());
  }
}
