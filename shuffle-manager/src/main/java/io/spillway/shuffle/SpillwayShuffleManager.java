package io.spillway.shuffle;

import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.skew.ShuffleOrigins;
import io.spillway.runtime.skew.SkewSettings;
import io.spillway.shuffle.hotkeys.KeySketchingWriterDecorator;
import io.spillway.shuffle.hotkeys.ShuffleOriginClassifier;
import java.util.Objects;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.BaseShuffleHandle;
import org.apache.spark.shuffle.IndexShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriter;
import org.apache.spark.shuffle.sort.SortShuffleManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spillway's shuffle manager ({@code spark.shuffle.manager=io.spillway.shuffle.SpillwayShuffleManager}):
 * Spark's {@link SortShuffleManager} with Spillway's own reader.
 *
 * <h2>Why wrap instead of replace</h2>
 * Registration, map-side writers, the block resolver and the map-output file format stay Spark's, so
 * the external shuffle service, executor decommissioning (block migration), {@code ContextCleaner} and
 * {@code spark.shuffle.service.removeShuffle} keep working: they cast {@link #shuffleBlockResolver()} to
 * {@code IndexShuffleBlockResolver} / {@code MigratableResolver}, and that is what it returns.
 *
 * <h2>What is Spillway's</h2>
 * <ul>
 *   <li>Reads: a {@link SpillwayShuffleReader} per {@code getReader}, whose fetch limits come from the
 *       {@link FetchLimitsPolicy} of {@link ShuffleExtensions} (by default Spark's configured values:
 *       behaviour equals stock). {@code spark.spillway.shuffle.reader.enabled=false} uses Spark's reader.
 *   <li>Writes: Spark's writer passed through {@link ShuffleWriterDecorator} (by default unchanged), and
 *       sketched for hot keys ({@link io.spillway.shuffle.hotkeys.KeySketchingWriterDecorator}); on the driver,
 *       each registered shuffle's operation is recorded for its skew report.
 * </ul>
 *
 * <p>Spark creates it with {@code (SparkConf, boolean isDriver)} on the driver and on every executor
 * (since Spark 4.0 after the plugins, under the user class loader); the constructor validates every
 * {@code spark.spillway.*} setting so a bad value fails start-up.
 */
public final class SpillwayShuffleManager implements org.apache.spark.shuffle.ShuffleManager {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayShuffleManager.class);

  private final SparkConf conf;
  private final boolean isDriver;
  private final SortShuffleManager delegate;
  private final ShuffleExtensions extensions;
  private final boolean readerEnabled;
  /** Sketches each map task's keys for the driver's skew report (outermost, so it sees what Spark writes). */
  private final ShuffleWriterDecorator keySketching;

  /** The constructor Spark calls ({@code ShuffleManager.create}). */
  public SpillwayShuffleManager(SparkConf conf, boolean isDriver) {
    this(conf, isDriver, null);
  }

  /**
   * With explicit extensions (tests, embedders); {@code null} means {@link ShuffleExtensions#fromConf}.
   *
   * @throws io.spillway.runtime.config.InvalidConfigException on a bad or unknown {@code spark.spillway.*} key
   */
  SpillwayShuffleManager(SparkConf conf, boolean isDriver, ShuffleExtensions extensions) {
    this.conf = Objects.requireNonNull(conf, "conf");
    this.isDriver = isDriver;
    SpillwayConf.validate(conf);
    this.readerEnabled = SpillwayConf.SHUFFLE_READER_ENABLED.get(conf);
    this.extensions = extensions != null ? extensions : ShuffleExtensions.fromConf(conf, isDriver);
    this.delegate = new SortShuffleManager(conf);
    SkewSettings skew = SkewSettings.from(conf);
    this.keySketching = skew.enabled() ? KeySketchingWriterDecorator.toDriverPlugin(skew) : ShuffleWriterDecorator.NONE;
  }

  @Override
  public <K, V, C> ShuffleHandle registerShuffle(int shuffleId, ShuffleDependency<K, V, C> dependency) {
    if (isDriver) {
      recordOrigin(shuffleId, dependency);
    }
    return delegate.registerShuffle(shuffleId, dependency);
  }

  /** Remembers what the shuffle is for, for its skew report; never fails the registration. */
  private static void recordOrigin(int shuffleId, ShuffleDependency<?, ?, ?> dependency) {
    try {
      String callSite = dependency.rdd().context().getCallSite().shortForm();
      ShuffleOrigins.register(shuffleId, ShuffleOriginClassifier.classify(dependency, callSite));
    } catch (RuntimeException e) {
      LOG.debug("Could not classify shuffle {}; its skew report will not name the operation", shuffleId, e);
    }
  }

  @Override
  public <K, V> ShuffleWriter<K, V> getWriter(ShuffleHandle handle, long mapId, TaskContext context,
      ShuffleWriteMetricsReporter metrics) {
    ShuffleWriter<K, V> writer = delegate.getWriter(handle, mapId, context, metrics);
    return keySketching.decorate(handle, mapId, context, extensions.writerDecorator().decorate(handle, mapId, context, writer));
  }

  /**
   * Reads partitions {@code [startPartition, endPartition)} of map outputs {@code [startMapIndex,
   * endMapIndex)}; {@code endMapIndex == Integer.MAX_VALUE} means all maps. Called on executors.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <K, C> ShuffleReader<K, C> getReader(ShuffleHandle handle, int startMapIndex, int endMapIndex,
      int startPartition, int endPartition, TaskContext context, ShuffleReadMetricsReporter metrics) {
    if (!readerEnabled) {
      return delegate.getReader(handle, startMapIndex, endMapIndex, startPartition, endPartition, context, metrics);
    }
    ReadRange range = new ReadRange(handle.shuffleId(), startMapIndex, endMapIndex, startPartition, endPartition);
    return new SpillwayShuffleReader<>((BaseShuffleHandle<K, ?, C>) handle, range, context, metrics,
        ReaderServices.fromSparkEnv(conf, extensions));
  }

  @Override
  public boolean unregisterShuffle(int shuffleId) {
    if (isDriver) {
      ShuffleOrigins.unregister(shuffleId);
    }
    return delegate.unregisterShuffle(shuffleId);
  }

  /** Spark's own resolver: the one {@code SortShuffleManager} writes with. */
  @Override
  public IndexShuffleBlockResolver shuffleBlockResolver() {
    return delegate.shuffleBlockResolver();
  }

  @Override
  public void stop() {
    delegate.stop();
  }

  /** The seams this manager uses. */
  public ShuffleExtensions extensions() {
    return extensions;
  }

  /** Whether reads go through {@link SpillwayShuffleReader} ({@code spark.spillway.shuffle.reader.enabled}). */
  public boolean readerEnabled() {
    return readerEnabled;
  }

  @Override
  public String toString() {
    return "SpillwayShuffleManager{" + (isDriver ? "driver" : "executor") + ", reader "
        + (readerEnabled ? "Spillway" : "Spark") + ", " + extensions + '}';
  }
}
