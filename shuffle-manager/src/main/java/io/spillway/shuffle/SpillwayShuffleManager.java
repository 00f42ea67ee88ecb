package io.spillway.shuffle;

import io.spillway.runtime.DaemonThreads;
import io.spillway.runtime.compat.SparkVersion;
import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.config.ShuffleKeys;
import io.spillway.runtime.skew.ShuffleOrigins;
import io.spillway.runtime.skew.SkewSettings;
import io.spillway.shuffle.cogroup.CoGroupAgentInstaller;
import io.spillway.shuffle.cogroup.SpillwayCoGroup;
import io.spillway.shuffle.compat.CallSiteCompat;
import io.spillway.shuffle.compat.ShuffleShims;
import io.spillway.shuffle.compat.SortShuffleCompat;
import io.spillway.shuffle.hotkeys.KeySketchingWriterDecorator;
import io.spillway.shuffle.hotkeys.ShuffleOriginClassifier;
import io.spillway.shuffle.write.MapSideWriters;
import io.spillway.shuffle.write.SpillwaySortShuffleWriter;
import java.util.Objects;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.IndexShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleManager;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spillway's shuffle manager ({@code spark.shuffle.manager=io.spillway.shuffle.SpillwayShuffleManager}):
 * Spark's {@code SortShuffleManager} with Spillway's own reader and, for map-side-combine shuffles, its own
 * sort writer.
 *
 * <h2>Why wrap instead of replace</h2>
 * Registration, the block resolver and the map-output file format stay Spark's, and so do the map-side
 * writers of every shuffle without map-side combine (bypass-merge, serialized/Tungsten, sort); the writer
 * of map-side-combine shuffles writes Spark's format through Spark's shuffle I/O plugin. So the external
 * shuffle service, executor decommissioning (block migration), {@code ContextCleaner} and
 * {@code spark.shuffle.service.removeShuffle} keep working: they cast {@link #shuffleBlockResolver()} to
 * {@code IndexShuffleBlockResolver} / {@code MigratableResolver}, and that is what it returns.
 *
 * <h2>What is Spillway's</h2>
 * <ul>
 *   <li>Reads: a {@link SpillwayShuffleReader} per {@code getReader}, whose fetch limits come from the
 *       {@link FetchLimitsPolicy} of {@link ShuffleExtensions} (Spark's configured values while the heap is
 *       calm; lowered by the control loop's fetch throttle from ELEVATED up) within an executor-wide fetch
 *       budget, and which groups, aggregates and sorts in maps that spill by measured bytes.
 *       {@code spark.spillway.shuffle.reader.enabled=false} uses Spark's reader.
 *   <li>Writes: a shuffle with map-side combine (reduceByKey, aggregateByKey, combineByKey, distinct) is
 *       written by a {@link SpillwaySortShuffleWriter} — Spark's {@code SortShuffleWriter} step for step, whose
 *       sort buffer also spills on measured allocation and heap pressure, because Spark's size samples miss
 *       rare huge records ({@code spark.spillway.shuffle.mapSideWriter.enabled=false} uses Spark's); every
 *       other shuffle by the writer Spark chooses. Either passes through {@link ShuffleWriterDecorator} (by
 *       default unchanged) and is sketched for hot keys
 *       ({@link io.spillway.shuffle.hotkeys.KeySketchingWriterDecorator}); on the driver, each registered
 *       shuffle's operation is recorded for its skew report.
 *   <li>RDD cogroups and joins: each executor's {@code CoGroupedRDD.compute} asks {@link SpillwayCoGroup} first,
 *       through an agent this manager loads when it starts ({@link CoGroupAgentInstaller};
 *       {@code spark.spillway.shuffle.cogroup.enabled=false} loads nothing).
 * </ul>
 *
 * <p>Spark creates it with {@code (SparkConf, boolean isDriver)} on the driver and on every executor
 * (since Spark 4.0 after the plugins, under the user class loader); the constructor validates every
 * {@code spark.spillway.*} setting so a bad value fails start-up.
 *
 * <h2>Safe mode</h2>
 * On a Spark line outside {@value SparkVersion#SUPPORTED_LINES} (see {@link SparkVersion}), or if Spillway's
 * parts cannot link against this Spark, every call goes to the wrapped {@code SortShuffleManager} unchanged
 * and the JVM logs one WARN. A shuffle manager that throws in an executor's constructor kills the executor,
 * and the driver would start the next one to die the same way.
 */
public final class SpillwayShuffleManager implements ShuffleManager {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayShuffleManager.class);

  private final SparkConf conf;
  private final boolean isDriver;
  /** Spark's {@code SortShuffleManager} (made through the compat seam). */
  private final ShuffleManager delegate;
  /** Whether every call goes to {@link #delegate} unchanged (an unsupported Spark line). */
  private final boolean safeMode;
  private final ShuffleExtensions extensions;
  private final boolean readerEnabled;
  /** Sketches each map task's keys for the driver's skew report (outermost, so it sees what is written). */
  private final ShuffleWriterDecorator keySketching;
  /** Writers of map-side-combine shuffles; loads the shuffle I/O plugin's executor side at the first. */
  private final MapSideWriters mapSideWriters;
  /** Whether this JVM's {@code CoGroupedRDD.compute} asks {@link SpillwayCoGroup} first. */
  /** Set once the cogroup agent is in ({@link #installCoGroup}). */
  private volatile boolean coGroupEnabled;

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
    this.delegate = SortShuffleCompat.newSortShuffleManager(conf);
    SparkVersion version = SparkVersion.running();
    boolean safe = !version.isSupported();
    if (safe) {
      version.warnSafeModeOnce(LOG, isDriver ? "driver" : "executor");
    }
    ShuffleExtensions ext = ShuffleExtensions.defaults();
    ShuffleWriterDecorator sketching = ShuffleWriterDecorator.NONE;
    MapSideWriters writers = null;
    if (!safe) {
      try {
        ext = extensions != null ? extensions : ShuffleExtensions.fromConf(conf, isDriver);
        SkewSettings skew = SkewSettings.from(conf);
        sketching = skew.enabled() ? KeySketchingWriterDecorator.toDriverPlugin(skew) : ShuffleWriterDecorator.NONE;
        writers = MapSideWriters.fromConf(conf);
        ShuffleShims.get();
      } catch (LinkageError e) {
        LOG.warn("Spillway's shuffle manager cannot link against Spark {} ({}): every shuffle on this {} uses "
            + "Spark's SortShuffleManager unchanged", version, e.toString(), isDriver ? "driver" : "executor");
        safe = true;
      }
    }
    this.safeMode = safe;
    this.extensions = ext;
    this.keySketching = sketching;
    this.mapSideWriters = writers;
    this.readerEnabled = !safe && ShuffleKeys.SHUFFLE_READER_ENABLED.get(conf);
    if (!safe && ShuffleKeys.SHUFFLE_COGROUP_ENABLED.get(conf) && runsTasks(conf, isDriver)) {
      installCoGroup(version.toString(), isDriver);
    }
  }

  /**
   * Loads the cogroup agent: in the background on an executor, so its first tasks do not wait for the attaching
   * JVM (about a second); a cogroup partition computed before then runs Spark's code, which is what every partition
   * gets without the agent. At once on a local-mode driver, whose jobs may start right after the context does.
   */
  private void installCoGroup(String sparkVersion, boolean isDriver) {
    if (isDriver) {
      coGroupEnabled = CoGroupAgentInstaller.install(sparkVersion);
      return;
    }
    DaemonThreads.start("spillway-cogroup-attach", () -> coGroupEnabled = CoGroupAgentInstaller.install(sparkVersion));
  }

  /** Executors run tasks; a driver does only in local mode ({@code local}, {@code local[n]}, not local-cluster). */
  private static boolean runsTasks(SparkConf conf, boolean isDriver) {
    String master = conf.get("spark.master", "");
    return !isDriver || (master.startsWith("local") && !master.startsWith("local-cluster"));
  }

  /**
   * Whether RDD cogroups and joins in this JVM group through {@link SpillwayCoGroup}
   * ({@code spark.spillway.shuffle.cogroup.enabled}, and the cogroup agent loaded).
   */
  public boolean coGroupEnabled() {
    return coGroupEnabled;
  }

  @Override
  public <K, V, C> ShuffleHandle registerShuffle(int shuffleId, ShuffleDependency<K, V, C> dependency) {
    if (isDriver && !safeMode) {
      recordOrigin(shuffleId, dependency);
    }
    return delegate.registerShuffle(shuffleId, dependency);
  }

  /** Remembers what the shuffle is for, for its skew report; never fails the registration. */
  private void recordOrigin(int shuffleId, ShuffleDependency<?, ?, ?> dependency) {
    try {
      String callSite = CallSiteCompat.shortForm(dependency.rdd().context());
      ShuffleOrigins.register(shuffleId, ShuffleOriginClassifier.classify(dependency, callSite,
          ShuffleKeys.SHUFFLE_COGROUP_ENABLED.get(conf)));
    } catch (RuntimeException e) {
      LOG.debug("Could not classify shuffle {}; its skew report will not name the operation", shuffleId, e);
    }
  }

  /**
   * Spark's writer for the handle, except for a shuffle with map-side combine (a plain
   * {@code BaseShuffleHandle}: Spark never gives such a dependency a serialized or bypass handle) while
   * {@code spark.spillway.shuffle.mapSideWriter.enabled} holds, which gets a {@link SpillwaySortShuffleWriter};
   * then the decorators (the extensions' writer decorator, the hot-key sketch outermost) wrap it.
   * The switch is read per map task from the conf this manager was built with (SparkEnv's).
   */
  @Override
  public <K, V> ShuffleWriter<K, V> getWriter(ShuffleHandle handle, long mapId, TaskContext context,
      ShuffleWriteMetricsReporter metrics) {
    // Always asked, also when its writer is not used: SortShuffleManager.getWriter records the map task in
    // its taskIdMapsForShuffle, from which unregisterShuffle deletes the map outputs (ContextCleaner).
    // Creating Spark's writer has no other effect; it opens nothing before write().
    ShuffleWriter<K, V> writer = delegate.getWriter(handle, mapId, context, metrics);
    if (safeMode) {
      return writer;
    }
    if (usesMapSideWriter(handle)) {
      writer = mapSideWriters.writer(SortShuffleCompat.<K, V, Object>dependency(handle), mapId, context, metrics);
    }
    return keySketching.decorate(handle, mapId, context, extensions.writerDecorator().decorate(handle, mapId, context, writer));
  }

  /** Whether {@code handle}'s map tasks write through {@link SpillwaySortShuffleWriter}. */
  boolean usesMapSideWriter(ShuffleHandle handle) {
    return !safeMode && SortShuffleCompat.isPlainSortHandle(handle)
        && SortShuffleCompat.dependency(handle).mapSideCombine()
        && ShuffleKeys.SHUFFLE_MAP_SIDE_WRITER_ENABLED.get(conf);
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
    return new SpillwayShuffleReader<>(SortShuffleCompat.<K, Object, C>dependency(handle), range, context, metrics,
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
    return SortShuffleCompat.blockResolver(delegate);
  }

  @Override
  public void stop() {
    delegate.stop();
  }

  /** The seams this manager uses. */
  public ShuffleExtensions extensions() {
    return extensions;
  }

  /** Whether every call goes to Spark's {@code SortShuffleManager} unchanged (see "Safe mode" above). */
  public boolean safeMode() {
    return safeMode;
  }

  /** Whether reads go through {@link SpillwayShuffleReader} ({@code spark.spillway.shuffle.reader.enabled}). */
  public boolean readerEnabled() {
    return readerEnabled;
  }

  @Override
  public String toString() {
    if (safeMode) {
      return "SpillwayShuffleManager{" + (isDriver ? "driver" : "executor") + ", safe mode: Spark's SortShuffleManager}";
    }
    return "SpillwayShuffleManager{" + (isDriver ? "driver" : "executor") + ", reader "
        + (readerEnabled ? "Spillway" : "Spark") + ", " + extensions + '}';
  }
}
