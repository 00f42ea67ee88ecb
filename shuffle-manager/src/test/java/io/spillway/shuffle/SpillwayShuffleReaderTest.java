package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.shuffle.compat.BlockLocations;
import io.spillway.shuffle.compat.FetchConfCompat;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.Aggregator;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext$;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.storage.BlockId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.Ordering;
import scala.math.Ordering$;

/**
 * The reader's wiring with a real SparkEnv (local context) but fake block location and fetching: which
 * limits reach the fetcher, and that aggregation / ordering / pass-through match BlockStoreShuffleReader.
 */
class SpillwayShuffleReaderTest {

  /** What the fake fetcher was asked for. */
  private final List<FetchLimits> fetchedWith = new ArrayList<>();
  private final List<Boolean> batchFetchFlags = new ArrayList<>();
  private final List<ReadRange> locatedRanges = new ArrayList<>();
  private final List<TaskContextImpl> tasks = new ArrayList<>();
  /** Records seen by the control loop's checkpoint, as (task attempt) per record. */
  private final List<Long> checkpointed = new ArrayList<>();

  @AfterEach
  void completeTasks() {
    // Runs completion listeners: sorter and map release their memory, as at the end of a real task.
    tasks.forEach(t -> t.markTaskCompleted(Option.empty()));
    TaskContext$.MODULE$.unset();
  }

  @Test
  void read_defaultPolicy_fetcherGetsSparksConfiguredLimits() {
    SparkConf conf = LocalSpark.context().getConf().clone().set("spark.reducer.maxSizeInFlight", "24m")
        .set("spark.network.maxRemoteBlockSizeFetchToMem", "32m");
    Fixture f = new Fixture(conf, FetchLimitsPolicy.SPARK_CONFIGURED, passThrough());

    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(fetchedWith).containsExactly(FetchConfCompat.configuredLimits(conf));
    assertThat(fetchedWith.get(0).maxBytesInFlight()).isEqualTo(24L << 20);
    assertThat(fetchedWith.get(0).fetchToDiskThresholdBytes()).isEqualTo(32L << 20);
  }

  @Test
  void read_customPolicy_itsLimitsAreThoseTheFetcherIsBuiltWith() {
    List<ReadRange> askedFor = new ArrayList<>();
    FetchLimits lowered = FetchLimits.builder().maxBytesInFlight(1 << 20).maxRequestsInFlight(2)
        .maxBlocksInFlightPerAddress(3).fetchToDiskThresholdBytes(4 << 20).build();
    FetchLimitsPolicy policy = (range, task, configured) -> {
      askedFor.add(range);
      assertThat(task.taskAttemptId()).isEqualTo(42L);
      assertThat(configured).isEqualTo(FetchConfCompat.configuredLimits(LocalSpark.context().getConf()));
      return lowered;
    };
    Fixture f = new Fixture(LocalSpark.context().getConf(), policy, passThrough());
    ReadRange skewSplit = new ReadRange(f.shuffleId(), 3, 5, 2, 3);

    LocalSpark.drain(f.reader(skewSplit, true).read());

    assertThat(askedFor).containsExactly(skewSplit);
    assertThat(locatedRanges).containsExactly(skewSplit);
    assertThat(fetchedWith).containsExactly(lowered);
  }

  @Test
  void read_executorBudget_capsTheWindowAndGivesItBackWhenTheRecordsRunOut() {
    SparkConf conf = LocalSpark.context().getConf().clone().set("spark.reducer.maxSizeInFlight", "512m");
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 320L << 20); // 64 MiB
    Fixture f = new Fixture(conf, FetchLimitsPolicy.SPARK_CONFIGURED, budget, passThrough(), new Properties());
    f.blocks.add(List.of(Map.entry(1, "a")));

    scala.collection.Iterator<scala.Product2<Object, Object>> records = f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read();

    assertThat(fetchedWith).hasSize(1);
    assertThat(fetchedWith.get(0).maxBytesInFlight()).isEqualTo(32L << 20);
    assertThat(budget.reservedBytes()).isEqualTo(32L << 20);
    LocalSpark.drain(records);
    assertThat(budget.reservedBytes()).isZero();
  }

  @Test
  void read_executorBudget_abandonedReadIsReleasedWhenItsTaskEnds() {
    SparkConf conf = LocalSpark.context().getConf().clone().set("spark.reducer.maxSizeInFlight", "512m");
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 320L << 20);
    Fixture f = new Fixture(conf, FetchLimitsPolicy.SPARK_CONFIGURED, budget, passThrough(), new Properties());
    f.blocks.add(List.of(Map.entry(1, "a")));

    f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read(); // never drained (a limit, a failure)
    assertThat(budget.reservedBytes()).isEqualTo(32L << 20);
    f.task.markTaskCompleted(Option.empty());

    assertThat(budget.reservedBytes()).isZero();
  }

  @Test
  void read_policyReturnsNull_failsNamingShuffleAndTask() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), (range, task, configured) -> null, passThrough());
    SpillwayShuffleReader<Object, Object> reader = f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true);

    assertThatThrownBy(reader::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shuffle " + f.shuffleId())
        .hasMessageContaining("task 42");
    assertThat(fetchedWith).isEmpty();
  }

  @Test
  void read_noAggregatorNoOrdering_passesRecordsThroughAndCountsThem() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED, passThrough());
    f.blocks.add(List.of(Map.entry(1, "a"), Map.entry(2, "b")));
    f.blocks.add(List.of(Map.entry(1, "c")));

    List<Map.Entry<Object, Object>> records =
        LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(records).containsExactly(Map.entry(1, "a"), Map.entry(2, "b"), Map.entry(1, "c"));
    // The completion iterator merged the read metrics into the task metrics once the records ran out.
    assertThat(f.task.taskMetrics().shuffleReadMetrics().recordsRead()).isEqualTo(3);
  }

  @Test
  void read_aggregatorWithoutMapSideCombine_combinesValuesByKey() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED,
        spec(Option.empty(), Option.apply(sum()), false));
    f.blocks.add(List.of(Map.entry(1, 10), Map.entry(2, 20)));
    f.blocks.add(List.of(Map.entry(1, 5)));

    List<Map.Entry<Object, Object>> records =
        LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(records).containsExactlyInAnyOrder(Map.entry(1, 15), Map.entry(2, 20));
  }

  @Test
  void read_aggregatorWithMapSideCombine_mergesCombinersByKey() {
    // createCombiner would turn a value into a one-element count; reading combiners must not apply it.
    Aggregator<Object, Object, Object> countValues = new Aggregator<>(v -> 1, (c, v) -> (Integer) c + 1,
        (a, b) -> (Integer) a + (Integer) b);
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED,
        spec(Option.empty(), Option.apply(countValues), true));
    f.blocks.add(List.of(Map.entry("k", 4)));
    f.blocks.add(List.of(Map.entry("k", 6)));

    List<Map.Entry<Object, Object>> records =
        LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(records).containsExactly(Map.entry("k", 10));
  }

  @Test
  void read_keyOrderingWithMapSideCombine_sortsAndMergesCombiners() {
    Aggregator<Object, Object, Object> countValues = new Aggregator<>(v -> 1, (c, v) -> (Integer) c + 1,
        (a, b) -> (Integer) a + (Integer) b);
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED,
        spec(Option.apply(intOrdering()), Option.apply(countValues), true));
    f.blocks.add(List.of(Map.entry(3, 1), Map.entry(1, 2)));
    f.blocks.add(List.of(Map.entry(2, 7), Map.entry(3, 4)));

    List<Map.Entry<Object, Object>> records =
        LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(records).containsExactly(Map.entry(1, 2), Map.entry(2, 7), Map.entry(3, 5));
  }

  @Test
  void read_keyOrderingWithoutAggregator_sortsKeepingDuplicates() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED,
        spec(Option.apply(intOrdering()), Option.empty(), false));
    f.blocks.add(List.of(Map.entry(9, "x"), Map.entry(4, "y")));
    f.blocks.add(List.of(Map.entry(4, "z"), Map.entry(1, "w")));

    List<Object> keys = LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true)
        .read()).stream().map(Map.Entry::getKey).toList();

    assertThat(keys).containsExactly(1, 4, 4, 9);
  }

  @Test
  void read_withoutOrdering_everyRecordPassesTheControlLoopCheckpoint() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED,
        spec(Option.empty(), Option.apply(sum()), false));
    f.blocks.add(List.of(Map.entry(1, 10), Map.entry(2, 20)));
    f.blocks.add(List.of(Map.entry(1, 5)));

    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(checkpointed).containsExactly(42L, 42L, 42L);
  }

  @Test
  void read_keyOrdering_noCheckpointWhileTheSorterInserts() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED,
        spec(Option.apply(intOrdering()), Option.empty(), false));
    f.blocks.add(List.of(Map.entry(2, "b"), Map.entry(1, "a")));

    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 1), true).read());

    assertThat(checkpointed).isEmpty();
  }

  @Test
  void read_coalescedRangeWithAqeProperty_fetchesInBatch() {
    Properties aqe = new Properties();
    aqe.setProperty("__fetch_continuous_blocks_in_batch_enabled", "true");
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED, passThrough(), aqe);

    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 4), true).read());
    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 4), false).read());
    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 2, 3), true).read());

    // Kryo is relocatable and lz4 concatenates: only the locator's veto or a single partition turn it off.
    assertThat(batchFetchFlags).containsExactly(true, false, false);
  }

  @Test
  void read_singlePartitionWithoutAqeProperty_doesNotBatch() {
    Fixture f = new Fixture(LocalSpark.context().getConf(), FetchLimitsPolicy.SPARK_CONFIGURED, passThrough());

    LocalSpark.drain(f.reader(new ReadRange(f.shuffleId(), 0, Integer.MAX_VALUE, 0, 4), true).read());

    assertThat(batchFetchFlags).containsExactly(false);
  }

  // ---- fixture --------------------------------------------------------------------------------------

  private record DepSpec(Option<Ordering<Object>> ordering, Option<Aggregator<Object, Object, Object>> aggregator,
      boolean mapSideCombine) {}

  private static DepSpec spec(Option<Ordering<Object>> ordering, Option<Aggregator<Object, Object, Object>> aggregator,
      boolean mapSideCombine) {
    return new DepSpec(ordering, aggregator, mapSideCombine);
  }

  private static DepSpec passThrough() {
    return spec(Option.empty(), Option.empty(), false);
  }

  private static Aggregator<Object, Object, Object> sum() {
    return new Aggregator<>(v -> v, (c, v) -> (Integer) c + (Integer) v, (a, b) -> (Integer) a + (Integer) b);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Ordering<Object> intOrdering() {
    return (Ordering) Ordering$.MODULE$.comparatorToOrdering(Comparator.<Integer>naturalOrder());
  }

  /** A dependency, a task and the blocks the fake fetcher serves, in Kryo like Spark SQL's shuffles. */
  private final class Fixture {
    final Serializer serializer;
    final ShuffleDependency<Object, Object, Object> dep;
    final TaskContextImpl task;
    final ReaderServices services;
    final List<List<Map.Entry<?, ?>>> blocks = new ArrayList<>();

    Fixture(SparkConf conf, FetchLimitsPolicy policy, DepSpec spec) {
      this(conf, policy, spec, new Properties());
    }

    Fixture(SparkConf conf, FetchLimitsPolicy policy, DepSpec spec, Properties localProperties) {
      this(conf, policy, ExecutorFetchBudget.unlimited(), spec, localProperties);
    }

    Fixture(SparkConf conf, FetchLimitsPolicy policy, ExecutorFetchBudget budget, DepSpec spec,
        Properties localProperties) {
      this.serializer = new KryoSerializer(conf);
      List<Tuple2<Object, Object>> data = List.of(new Tuple2<>(1, 1));
      this.dep = new ShuffleDependency<>(LocalSpark.context().parallelizePairs(data).rdd(), new HashPartitioner(1),
          serializer, spec.ordering(), spec.aggregator(), spec.mapSideCombine(),
          new org.apache.spark.shuffle.ShuffleWriteProcessor(), LocalSpark.anyTag(), LocalSpark.anyTag(),
          LocalSpark.anyTag());
      this.task = LocalSpark.taskContext(localProperties);
      tasks.add(task);
      // Aggregator's ExternalAppendOnlyMap finds its task through the thread-local, as on an executor.
      TaskContext$.MODULE$.setTaskContext(task);
      this.services = new ReaderServices(conf, policy, budget, ShuffleExtensions.NEVER, (range, pushBasedMerged) -> {
        assertThat(pushBasedMerged).isFalse();
        locatedRanges.add(range);
        return new BlockLocations(scala.collection.Iterator$.MODULE$.empty(), allowBatch);
      }, (context, locations, limits, readMetrics, doBatchFetch) -> {
        fetchedWith.add(limits);
        batchFetchFlags.add(doBatchFetch);
        List<Tuple2<BlockId, InputStream>> streams = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
          streams.add(LocalSpark.block(serializer, shuffleId(), i, blocks.get(i)));
        }
        return CollectionConverters.asScala(streams.iterator());
      }, () -> task -> checkpointed.add(task.taskAttemptId()));
    }

    private boolean allowBatch;

    int shuffleId() {
      return dep.shuffleId();
    }

    SpillwayShuffleReader<Object, Object> reader(ReadRange range, boolean locatorAllowsBatch) {
      this.allowBatch = locatorAllowsBatch;
      return new SpillwayShuffleReader<>(dep, range, task,
          task.taskMetrics().createTempShuffleReadMetrics(), services);
    }
  }
}
