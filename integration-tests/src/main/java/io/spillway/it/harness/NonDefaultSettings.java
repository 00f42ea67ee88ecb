package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The "settings that differ from Spark's defaults" section: every key either side sets, marked with
 * the side when only one sets it or they differ. A reader of the report must be able to tell that the
 * two columns ran under the same conditions except for Spillway.
 */
final class NonDefaultSettings {

  /** Values longer than this (the Java module options) are shortened in the report. */
  static final int VALUE_CHARS = 160;

  private NonDefaultSettings() {}

  /** Compares the two sides' confs (either may be empty when that side did not run). */
  static List<String> compare(Map<String, String> stock, Map<String, String> spillway) {
    Map<String, String> lines = new TreeMap<>();
    for (Map.Entry<String, String> e : stock.entrySet()) {
      String other = spillway.get(e.getKey());
      if (spillway.isEmpty() || e.getValue().equals(other)) {
        lines.put(e.getKey(), shorten(e.getValue()) + (spillway.isEmpty() ? " (stock)" : ""));
      } else {
        lines.put(e.getKey(), shorten(e.getValue()) + " (stock); " + (other == null ? "unset" : shorten(other))
            + " (spillway)");
      }
    }
    for (Map.Entry<String, String> e : spillway.entrySet()) {
      if (!stock.containsKey(e.getKey())) {
        lines.put(e.getKey(), shorten(e.getValue()) + (stock.isEmpty() ? " (spillway)" : " (spillway only)"));
      }
    }
    List<String> out = new ArrayList<>();
    lines.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /** A SparkConf's entries plus {@code key=value} strings, as a map. */
  static Map<String, String> asMap(SparkConf conf, List<String> extra) {
    Map<String, String> m = new TreeMap<>();
    for (Tuple2<String, String> t : conf.getAll()) {
      if (!t._1().equals("spark.app.name")) {
        m.put(t._1(), t._2());
      }
    }
    for (String kv : extra) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  private static String shorten(String v) {
    return v.length() <= VALUE_CHARS ? v : v.substring(0, VALUE_CHARS) + "… (" + v.length() + " chars)";
  }
}
