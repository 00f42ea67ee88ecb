package io.spillway.runtime;

import io.spillway.runtime.compat.ListenerBusCompat;
import io.spillway.runtime.compat.SchedulerCompat;
import io.spillway.runtime.compat.SparkUiCompat;
import io.spillway.runtime.compat.SparkVersion;
import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.config.UiKeys;
import io.spillway.runtime.driver.DriverContext;
import io.spillway.runtime.driver.DriverFeature;
import io.spillway.runtime.driver.DriverMessageHandlers;
import io.spillway.runtime.groupspill.GroupSpillDriverFeature;
import io.spillway.runtime.oomretry.OomRetryDriverFeature;
import io.spillway.runtime.skew.SkewDriverFeature;
import io.spillway.runtime.tiered.TieredStoreDriverFeature;
import io.spillway.runtime.ui.SpillwayUiListener;
import io.spillway.runtime.ui.SummaryLimits;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver half of {@link SpillwayPlugin}: start-up validation, the features' driver halves ({@link DriverFeature}:
 * the executor messages each answers, its metrics, its listener on the bus, its flush at shutdown), and (unless
 * {@code spark.spillway.ui.enabled} is false) the Spillway tab of the Spark UI, drawn by a
 * {@link SpillwayUiListener} from the events the features post. Executor messages are dispatched by type through
 * {@link DriverMessageHandlers}; the list of features is {@link #featuresFor}, the one place that names them.
 */
final class SpillwayDriverPlugin implements DriverPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayDriverPlugin.class);

  private final DriverMessageHandlers handlers = new DriverMessageHandlers();
  private volatile List<DriverFeature> features = List.of();
  private volatile Consumer<String> stopOffering = id -> {};

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext pluginContext) {
    stopOffering = id -> SchedulerCompat.stopOffering(sc, id, "a task threw OutOfMemoryError; the executor is exiting");
    start(sc.getConf(), ListenerBusCompat.poster(sc));
    for (DriverFeature feature : features) {
      feature.listener().ifPresent(sc::addSparkListener);
    }
    if (UiKeys.UI_ENABLED.get(sc.getConf())) {
      attachUi(sc);
    }
    return Map.of();
  }

  /**
   * The Spillway tab, fed by its own listener on the bus this plugin posts to; none when Spark's UI is off, and
   * none in safe mode (an unsupported Spark's UI classes may differ). A UI that cannot be attached costs one WARN,
   * never the application.
   */
  private static void attachUi(SparkContext sc) {
    if (!SparkVersion.running().isSupported()) {
      return;
    }
    SpillwayUiListener ui = new SpillwayUiListener(SummaryLimits.DEFAULT);
    ui.useSettingsOf(sc.getConf());
    try {
      if (SparkUiCompat.attachLive(sc, ui::snapshot)) {
        sc.addSparkListener(ui);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Spillway's tab could not be added to the Spark UI on Spark {}: {}", SparkVersion.running(), e.toString());
    }
  }

  /**
   * Validates {@code conf} (throwing {@link io.spillway.runtime.config.InvalidConfigException}, which
   * fails the SparkContext), logs the effective settings and starts accepting executor messages.
   */
  void start(SparkConf conf, Consumer<SparkListenerEvent> sink) {
    SpillwayConf.validate(conf);
    features = featuresFor(new DriverContext(conf, sink, id -> stopOffering.accept(id)));
    for (DriverFeature feature : features) {
      feature.registerHandlers(handlers);
    }
    LOG.info("Spillway is on. Effective settings: {}", SpillwayConf.effectiveSettings(conf));
  }

  /** Every feature's driver half, in the order their listeners join the bus. */
  private static List<DriverFeature> featuresFor(DriverContext context) {
    return List.of(new PressureDriverFeature(context), new SkewDriverFeature(context),
        new TieredStoreDriverFeature(context), new GroupSpillDriverFeature(context), new OomRetryDriverFeature(context));
  }

  @Override
  public void registerMetrics(String appId, PluginContext pluginContext) {
    for (DriverFeature feature : features) {
      feature.registerMetrics(pluginContext.metricRegistry());
    }
  }

  /** The answer of the feature that handles the message's type; any other message is a bug in the sender. */
  @Override
  public Object receive(Object message) {
    return handlers.dispatch(message);
  }

  @Override
  public void shutdown() {
    for (DriverFeature feature : features) {
      feature.close();
    }
    features = List.of();
  }
}
