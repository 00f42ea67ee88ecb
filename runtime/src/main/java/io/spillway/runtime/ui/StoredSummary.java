package io.spillway.runtime.ui;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.spark.util.kvstore.KVIndex;

/**
 * The History Server's copy of an application's {@link SpillwaySummary}, one per application store, written once
 * when the event log has been replayed and read when the tab is set up (a History Server plugin's listener and
 * its UI are separate instances; the application's store is what they share). The summary is kept as its JSON
 * so a disk-backed store ({@code spark.history.store.path}) serializes a plain string.
 */
public final class StoredSummary {

  /** The natural key of the one summary in a store. */
  public static final String KEY = "spillway";

  @KVIndex
  @JsonProperty("id")
  public final String id;

  @JsonProperty("json")
  public final String json;

  @JsonCreator
  public StoredSummary(@JsonProperty("id") String id, @JsonProperty("json") String json) {
    this.id = id;
    this.json = json;
  }

  public static StoredSummary of(SpillwaySummary summary) {
    return new StoredSummary(KEY, SummaryJson.write(summary));
  }

  public SpillwaySummary summary() {
    return SummaryJson.read(json);
  }
}
