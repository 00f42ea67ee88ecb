package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;
import scala.Option;

class ListenerBusCompatTest {

  /** An event of the test's own, as Spillway posts its own. */
  static final class Marker implements SparkListenerEvent {
    @Override
    public boolean logEvent() {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> scala.collection.immutable.Seq<T> none() {
    return (scala.collection.immutable.Seq<T>) (Object) scala.collection.immutable.Nil$.MODULE$;
  }

  private static StageInfo stage(Option<Object> shuffleDepId) {
    return new StageInfo(3, 0, "s", 1, none(), none(), "", null, none(), shuffleDepId, 0, false, 0);
  }

  @Test
  void shuffleDepId_mapStageHasIt_resultStageNot() {
    assertThat(ListenerBusCompat.shuffleDepId(stage(Option.apply(7)))).hasValue(7);
    assertThat(ListenerBusCompat.shuffleDepId(stage(Option.empty()))).isEmpty();
  }

  @Test
  void poster_eventReachesTheContextsListeners() throws Exception {
    SparkContext sc = new SparkContext(new SparkConf().setMaster("local[1]").setAppName("listener-bus-compat")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    try {
      List<SparkListenerEvent> seen = new CopyOnWriteArrayList<>();
      sc.addSparkListener(new SparkListener() {
        @Override
        public void onOtherEvent(SparkListenerEvent event) {
          seen.add(event);
        }
      });
      Marker marker = new Marker();

      ListenerBusCompat.poster(sc).accept(marker);
      sc.listenerBus().waitUntilEmpty();

      assertThat(seen).contains(marker);
    } finally {
      sc.stop();
    }
  }
}
