package io.spillway.runtime.ui;

import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.SparkConf;
import org.apache.spark.util.kvstore.InMemoryStore;
import org.apache.spark.util.kvstore.KVStore;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {

  private static SpillwaySummary sample() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.useSettingsOf(new SparkConf(false));
    l.onOtherEvent(UiEvents.change("1", NORMAL, HIGH, 1_000));
    l.onOtherEvent(UiEvents.action("1", "admission", 1_100, "held 1 task"));
    l.onOtherEvent(UiEvents.skew(3, "\u0000<k>", "salt it"));
    return l.snapshot();
  }

  @Test
  void write_thenRead_givesTheSameSummary() {
    SpillwaySummary s = sample();
    assertThat(SummaryJson.read(SummaryJson.write(s))).isEqualTo(s);
  }

  @Test
  void tree_startsWithSchemaVersionAndNamesTheDocumentedFields() {
    var tree = SummaryJson.tree(sample());
    assertThat(tree.fieldNames().next()).isEqualTo("schemaVersion");
    assertThat(tree.get("schemaVersion").asInt()).isEqualTo(SummaryJson.SCHEMA_VERSION);
    assertThat(tree.at("/executors/0/changes/0/to").asText()).isEqualTo("HIGH");
    assertThat(tree.at("/shuffles/0/keys/0/key").asText()).isEqualTo("\u0000<k>");
    assertThat(tree.at("/shuffles/0/keys/0/partition").asInt()).isZero();
    assertThat(tree.at("/actions/0/action").asText()).isEqualTo("admission");
    assertThat(tree.at("/settings/spark.spillway.ui.enabled").asText()).isEqualTo("true (default)");
  }

  @Test
  void read_notASummary_saysSo() {
    assertThatThrownBy(() -> SummaryJson.read("[1,2]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Spillway UI summary");
  }

  @Test
  void storedSummary_inAnApplicationStore_readsBackByItsKey() throws Exception {
    SpillwaySummary s = sample();
    try (KVStore store = new InMemoryStore()) {
      store.write(StoredSummary.of(s));
      assertThat(store.read(StoredSummary.class, StoredSummary.KEY).summary()).isEqualTo(s);
    }
  }
}
