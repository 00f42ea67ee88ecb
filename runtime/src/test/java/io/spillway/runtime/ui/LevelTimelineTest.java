package io.spillway.runtime.ui;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.ui.SpillwaySummary.LevelChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelTimelineTest {

  @Test
  void underBudget_keepsEveryChangeWithItsReadings() {
    LevelTimeline t = new LevelTimeline(4);
    t.add(10, NORMAL, ELEVATED, 0.8, 0.1);
    t.add(20, ELEVATED, HIGH, 0.9, 0.3);

    assertThat(t.changes()).containsExactly(new LevelChange(10, NORMAL, ELEVATED, 0.8, 0.1),
        new LevelChange(20, ELEVATED, HIGH, 0.9, 0.3));
    assertThat(t.merged()).isZero();
  }

  @Test
  void overBudget_staysWithinIt_keepsThePeakTheStartAndTheLevelNow_andCountsWhatMerged() {
    LevelTimeline t = new LevelTimeline(8);
    PressureLevel previous = NORMAL;
    int added = 0;
    // a long run flapping between NORMAL and ELEVATED, with one short CRITICAL early on
    for (int i = 0; i < 1_000; i++) {
      PressureLevel next = i == 5 ? CRITICAL : previous == NORMAL ? ELEVATED : NORMAL;
      t.add(1_000L * i, previous, next, 0.5, 0.0);
      previous = next;
      added++;
      List<LevelChange> kept = t.changes();
      assertThat(kept.size()).isLessThanOrEqualTo(8);
      assertThat(kept.size() + t.merged()).isEqualTo(added);
      assertThat(kept.get(kept.size() - 1).to()).as("the level now").isEqualTo(next);
      for (int k = 1; k < kept.size(); k++) {
        assertThat(kept.get(k).from()).as("each change starts where the one before ended")
            .isEqualTo(kept.get(k - 1).to());
      }
    }
    List<LevelChange> kept = t.changes();
    assertThat(kept.get(0).timeMillis()).as("the start stays").isZero();
    assertThat(kept.get(0).from()).isEqualTo(NORMAL);
    assertThat(kept).as("the peak is never thinned away").anyMatch(c -> c.to() == CRITICAL);
    assertThat(kept.get(kept.size() - 1).timeMillis()).as("the newest change stays exact").isEqualTo(999_000L);
  }
}
