package io.spillway.shuffle.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.skew.ReportedKey;
import io.spillway.runtime.skew.ShuffleSkewReport;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import io.spillway.shuffle.LocalSpark;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * End to end in one JVM: map tasks written through SpillwayShuffleManager sketch their keys, the plugin
 * carries the sketches to the driver, and the driver posts one {@link ShuffleSkewReportEvent} per shuffle
 * naming the hot key, its share and its reduce partition — and no hot key for a uniform shuffle.
 */
class HotKeyReportLocalModeTest {

  private static final int RECORDS = 200_000;

  private final List<ShuffleSkewReport> reports = new CopyOnWriteArrayList<>();
  private final SparkListener listener = new SparkListener() {
    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof ShuffleSkewReportEvent e) {
        reports.add(e.getReport());
      }
    }
  };
  private JavaSparkContext jsc;

  @BeforeEach
  void listen() {
    jsc = LocalSpark.context();
    jsc.sc().addSparkListener(listener);
  }

  @AfterEach
  void stopListening() {
    jsc.sc().removeSparkListener(listener);
  }

  @Test
  void groupByKey_oneKeyWithHalfTheRecords_reportedHotWithShareAndPartition() throws Exception {
    HashPartitioner partitioner = new HashPartitioner(8);
    long groups = jsc.parallelize(IntStream.range(0, RECORDS).boxed().toList(), 4)
        .mapToPair(i -> new Tuple2<>(i % 2 == 0 ? "the-hot-key" : "cold-" + (i % 5_000), i))
        .groupByKey(partitioner)
        .count();
    assertThat(groups).isEqualTo(2_501);

    ShuffleSkewReport report = awaitReport();
    assertThat(report.numMaps()).isEqualTo(4);
    assertThat(report.mapsReported()).isEqualTo(4);
    assertThat(report.records()).isEqualTo(RECORDS);
    assertThat(report.operation()).isEqualTo("groupByKey");
    ReportedKey top = report.topKeys().get(0);
    assertThat(top.rendered()).isEqualTo("\"the-hot-key\""); // strings quoted: "7" is not 7
    assertThat(top.hot()).isTrue();
    assertThat(top.reducePartition()).isEqualTo(partitioner.getPartition("the-hot-key"));
    assertThat(top.recordsShare()).isBetween(0.45, 0.55);
    assertThat(top.bytesShare()).isBetween(0.35, 0.65);
    assertThat(report.hotKeys()).hasSize(1);
    assertThat(report.remedy()).contains("groupSpillHeapRatio");
  }

  @Test
  void reduceByKey_uniformKeys_reportsNoHotKey() throws Exception {
    jsc.parallelize(IntStream.range(0, RECORDS).boxed().toList(), 4)
        .mapToPair(i -> new Tuple2<>(i % 10_000, 1L))
        .reduceByKey(Long::sum, 8)
        .count();

    ShuffleSkewReport report = awaitReport();
    assertThat(report.operation()).isEqualTo("aggregation with map-side combine");
    assertThat(report.hotKeys()).isEmpty();
    assertThat(report.remedy()).isEmpty();
  }

  @Test
  void join_hotKeyOnOneSide_saysSpillwaysCogroupStreamedItAndNamesTheSkewJoinApi() throws Exception {
    var big = jsc.parallelize(IntStream.range(0, RECORDS).boxed().toList(), 4)
        .mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 7 : i % 1_000, (long) i));
    var small = jsc.parallelize(IntStream.range(0, 1_000).boxed().toList(), 2)
        .mapToPair(i -> new Tuple2<>(i, "d" + i));
    long joined = big.join(small, 8).count();
    assertThat(joined).isEqualTo(RECORDS);

    ShuffleSkewReport bigSide = awaitReports(2).stream().filter(r -> r.records() == RECORDS).findFirst().orElseThrow();
    assertThat(bigSide.operation()).isEqualTo("cogroup/join");
    assertThat(bigSide.hotKeys()).extracting(ReportedKey::rendered).containsExactly("7");
    // the test JVM's manager has spark.spillway.shuffle.cogroup.enabled at its default (on)
    assertThat(bigSide.remedy()).contains("Spillway's cogroup").contains("io.spillway.skew.SkewJoin");
  }

  private ShuffleSkewReport awaitReport() throws Exception {
    return awaitReports(1).get(0);
  }

  private List<ShuffleSkewReport> awaitReports(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (reports.size() < n && System.nanoTime() < deadline) {
      jsc.sc().listenerBus().waitUntilEmpty(1_000);
      if (reports.size() < n) {
        Thread.sleep(50);
      }
    }
    assertThat(reports).as("skew reports received").hasSizeGreaterThanOrEqualTo(n);
    return List.copyOf(reports);
  }
}
