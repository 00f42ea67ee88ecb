package io.spillway.runtime.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The tab's machine-readable form: a {@link SpillwaySummary} as JSON, with {@value #SCHEMA_VERSION_FIELD} first so
 * a reader can tell which schema (docs/ui.md) it holds; unknown fields are ignored when read back, so a newer
 * writer's additions do not break an older reader.
 */
public final class SummaryJson {

  /** Top-level field holding {@link #SCHEMA_VERSION}. */
  public static final String SCHEMA_VERSION_FIELD = "schemaVersion";
  /** Raised when a field is renamed or removed; adding a field keeps it. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private SummaryJson() {}

  /** The summary as a JSON tree, schema version first. */
  public static ObjectNode tree(SpillwaySummary summary) {
    try {
      return (ObjectNode) MAPPER.readTree(write(summary));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the summary's own JSON always parses", e);
    }
  }

  /**
   * The summary as JSON text, {@value #SCHEMA_VERSION_FIELD} first. Built as text, never through Jackson's
   * {@code valueToTree} or {@code treeToValue}: those need a jackson-core as new as jackson-databind, which a
   * Spark 4.0 class path resolved by Maven does not always have.
   */
  public static String write(SpillwaySummary summary) {
    try {
      String components = MAPPER.writeValueAsString(summary);
      return "{\"" + SCHEMA_VERSION_FIELD + "\":" + SCHEMA_VERSION + (components.equals("{}") ? "}" : "," + components.substring(1));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a summary of records always serializes", e);
    }
  }

  /** A summary read back from {@link #write}'s output. */
  public static SpillwaySummary read(String json) {
    try {
      return MAPPER.readValue(json, SpillwaySummary.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Spillway UI summary: " + e.getOriginalMessage(), e);
    }
  }
}
