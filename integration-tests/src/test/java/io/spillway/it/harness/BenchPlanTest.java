package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPlanTest {

  @Test
  void sidesOfPair_alternateWhichSideGoesFirst() {
    assertThat(BenchPlan.sidesOfPair(1)).containsExactly("stock", "spillway");
    assertThat(BenchPlan.sidesOfPair(2)).containsExactly("spillway", "stock");
    assertThat(BenchPlan.sidesOfPair(3)).containsExactly("stock", "spillway");
    assertThat(BenchPlan.sidesOfPair(4)).containsExactly("spillway", "stock");
  }

  @Test
  void sidesOfPair_zero_isRejected() {
    assertThatThrownBy(() -> BenchPlan.sidesOfPair(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runs_arePairMajorWithBothSidesOfACaseBackToBack() {
    List<BenchPlan.Run> runs = BenchPlan.runs(List.of("S10", "B1"), 2);

    assertThat(runs).containsExactly(
        new BenchPlan.Run(1, "S10", "stock"), new BenchPlan.Run(1, "S10", "spillway"),
        new BenchPlan.Run(1, "B1", "stock"), new BenchPlan.Run(1, "B1", "spillway"),
        new BenchPlan.Run(2, "S10", "spillway"), new BenchPlan.Run(2, "S10", "stock"),
        new BenchPlan.Run(2, "B1", "spillway"), new BenchPlan.Run(2, "B1", "stock"));
  }

  @Test
  void runs_fivePairs_eachCaseRunsEachSideFiveTimesFirstThreeAndTwoTimes() {
    List<BenchPlan.Run> runs = BenchPlan.runs(List.of("S10", "B1", "B2"), 5);

    assertThat(runs).hasSize(30);
    for (String id : List.of("S10", "B1", "B2")) {
      List<BenchPlan.Run> ofCase = runs.stream().filter(r -> r.caseId().equals(id)).toList();
      assertThat(ofCase.stream().filter(r -> r.mode().equals("spillway"))).hasSize(5);
      long spillwayFirst = ofCase.stream().filter(r -> r.mode().equals("spillway"))
          .filter(r -> ofCase.indexOf(r) % 2 == 0).count();
      assertThat(spillwayFirst).isEqualTo(2);
    }
  }
}
