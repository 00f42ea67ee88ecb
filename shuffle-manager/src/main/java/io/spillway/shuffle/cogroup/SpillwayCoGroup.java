package io.spillway.shuffle.cogroup;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.shuffle.SpillwayShuffleManager;
import io.spillway.shuffle.SpillwayShuffleReader;
import io.spillway.shuffle.compat.CoGroupCompat;
import io.spillway.shuffle.group.CoGrouping;
import io.spillway.shuffle.group.GroupSpillThreshold;
import io.spillway.storage.group.SpillFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.Dependency;
import org.apache.spark.InterruptibleIterator;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.shuffle.ShuffleReader;
import scala.Product2;
import scala.collection.Iterator;

/**
 * {@code CoGroupedRDD.compute} done Spillway's way, for the joins and cogroups of plain RDDs: the same inputs,
 * the same (key, one group per input) output, but each group is built by {@link CoGrouping}, so a hot key's
 * values on any side stream to disk and come back as a re-iterable group, while the small side's groups stay
 * Spark's own buffers.
 *
 * <p>Two more differences from Spark's code, both about memory:
 * <ul>
 *   <li>Inputs are read one after the other, and a shuffled input's fetch starts only when the previous input
 *       is drained. Spark creates every input's reader up front, so an n-way cogroup has n fetch windows
 *       ({@code spark.reducer.maxSizeInFlight} each) in flight at once. Readers are still created (blocks
 *       located) up front, so a missing map output fails the task before anything is read, as in Spark.</li>
 *   <li>The map that groups the keys is a measured one: it spills by the serialized bytes it was fed as well as
 *       by Spark's estimate, and merges its spills in bounded memory.</li>
 * </ul>
 *
 * <p>{@link #compute} returns null (run Spark's code) for anything it does not recognise: another shuffle
 * manager, an input that is neither one-to-one nor shuffled, group streaming switched off.
 */
public final class SpillwayCoGroup {

  private SpillwayCoGroup() {}

  /**
   * The partition's (key, groups) pairs, or null to let Spark's own {@code compute} run.
   *
   * @param rdd a {@code CoGroupedRDD}
   * @param split its {@code CoGroupPartition}
   */
  public static Iterator<?> compute(Object rdd, Object split, TaskContext context) {
    SparkEnv env = SparkEnv.get();
    if (env == null || !(env.shuffleManager() instanceof SpillwayShuffleManager manager) || !manager.coGroupEnabled()) {
      return null;
    }
    GroupSpillThreshold threshold = GroupSpillThreshold.fromConf(env.conf());
    return threshold == null ? null : compute(rdd, split, context, threshold);
  }

  /**
   * The partition's (key, groups) pairs with groups spilling past {@code threshold}, whatever the shuffle manager
   * (its reader's bytes are measured when it is Spillway's); null when {@code rdd} is not a cogroup this code
   * recognises. For {@link #compute(Object, Object, TaskContext)} and for running Spark's own test suites with
   * every group spilled.
   */
  public static Iterator<?> compute(Object rdd, Object split, TaskContext context, GroupSpillThreshold threshold) {
    SparkEnv env = SparkEnv.get();
    if (env == null || !CoGroupCompat.recognises(rdd, split)) {
      return null;
    }
    RDD<?> cogrouped = (RDD<?>) rdd;
    Partition partition = (Partition) split;
    List<Dependency<?>> deps = scala.jdk.javaapi.CollectionConverters.asJava(cogrouped.dependencies());
    for (Dependency<?> dep : deps) {
      if (!(dep instanceof OneToOneDependency<?>) && !(dep instanceof ShuffleDependency<?, ?, ?>)) {
        return null;
      }
    }
    List<Supplier<Iterator<Product2<Object, Object>>>> inputs = new ArrayList<>(deps.size());
    List<SpillwayShuffleReader<?, ?>> measuredReaders = new ArrayList<>();
    Serializer serializer = env.serializer();
    for (int i = 0; i < deps.size(); i++) {
      Dependency<?> dep = deps.get(i);
      if (dep instanceof ShuffleDependency<?, ?, ?> shuffle) {
        ShuffleReader<Object, Object> reader = env.shuffleManager().getReader(shuffle.shuffleHandle(),
            partition.index(), partition.index() + 1, context, TaskMetricsCompat.newTempShuffleReadMetrics(context));
        if (reader instanceof SpillwayShuffleReader<?, ?> measured) {
          measuredReaders.add(measured);
        }
        serializer = shuffle.serializer();
        inputs.add(() -> reader.read());
      } else {
        Partition parentSplit = CoGroupCompat.narrowParentSplit(partition, i);
        @SuppressWarnings("unchecked")
        RDD<Product2<Object, Object>> parent = (RDD<Product2<Object, Object>>) dep.rdd();
        inputs.add(() -> parent.iterator(parentSplit, context));
      }
    }
    SpillwayShuffleReader<?, ?>[] readers = measuredReaders.toArray(new SpillwayShuffleReader<?, ?>[0]);
    LongSupplier fedBytes = () -> {
      long sum = 0;
      for (int i = 0; i < readers.length; i++) { // read several times per record: no iterator
        sum += readers[i].bytesRead();
      }
      return sum;
    };
    return new InterruptibleIterator<>(context,
        CoGrouping.cogroup(inputs, context, serializer, SpillFiles.ofSparkEnv(), threshold, fedBytes,
            readers.length == deps.size()));
  }
}
