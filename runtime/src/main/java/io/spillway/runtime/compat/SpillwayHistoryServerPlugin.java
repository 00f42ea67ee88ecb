package io.spillway.runtime.compat;

import io.spillway.runtime.ui.SpillwayUiListener;
import io.spillway.runtime.ui.StoredSummary;
import io.spillway.runtime.ui.SummaryLimits;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.status.AppHistoryServerPlugin;
import org.apache.spark.status.ElementTrackingStore;
import org.apache.spark.ui.SparkUI;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * The Spillway tab in the History Server, for finished, running and failed applications alike, through the plugin
 * path Spark's SQL tab uses ({@code AppHistoryServerPlugin}, found by {@code ServiceLoader} in
 * {@code META-INF/services}; install: docs/ui.md). Spark creates one instance to replay an event log and another to
 * set up the UI, so the two meet in the application's store: the replay's {@link SpillwayUiListener} writes a
 * {@link StoredSummary} when the store is flushed at the end of the replay, and {@link #setupUI} reads it. An
 * application that never used Spillway gets no summary and no tab; neither does any application in a History Server
 * on a Spark line Spillway does not support.
 */
public final class SpillwayHistoryServerPlugin implements AppHistoryServerPlugin {

  @Override
  public Seq<SparkListener> createListeners(SparkConf conf, ElementTrackingStore store) {
    SpillwayUiListener listener = new SpillwayUiListener(SummaryLimits.DEFAULT);
    store.onFlush(() -> {
      if (listener.inUse()) {
        store.write(StoredSummary.of(listener.snapshot()));
      }
      return BoxedUnit.UNIT;
    });
    return CollectionConverters.asScala(List.<SparkListener>of(listener)).toList();
  }

  @Override
  public void setupUI(SparkUI ui) {
    if (!SparkVersion.running().isSupported()) {
      return;
    }
    StoredSummary stored;
    try {
      stored = ui.store().store().read(StoredSummary.class, StoredSummary.KEY);
    } catch (NoSuchElementException notUsed) {
      return;
    } catch (Exception unreadable) {
      throw new IllegalStateException("Spillway's summary in the History Server's store cannot be read", unreadable);
    }
    var summary = stored.summary();
    SparkUiCompat.attach(ui, () -> summary, false);
  }
}
