package io.spillway.runtime.skew;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The skew report of one shuffle: its heaviest keys across all map tasks, with their share of records
 * and bytes and the reduce partition each lands in, plus the remedy that fits the operation when a key
 * is hot. Built by {@link ShuffleSkewCollector} on the driver; logged, posted as a
 * {@code ShuffleSkewReportEvent} and counted in the driver's metrics.
 *
 * @param shuffleId the shuffle
 * @param operation what reads the shuffle ({@link ShuffleOrigin.Kind#label()})
 * @param callSite where the user's code registered it, may be empty
 * @param keyKind {@link MapTaskKeySketch#RDD_KEYS} or {@link MapTaskKeySketch#SQL_COLUMNS}
 * @param numMaps the map stage's partitions
 * @param mapsReported how many of them sent a sketch (less than {@code numMaps} when the report was
 *     flushed at stage end without all of them, e.g. after a lost executor)
 * @param numReducePartitions the shuffle's reduce partitions
 * @param records records written by the reported map tasks
 * @param bytes their estimated serialized bytes
 * @param topKeys the heaviest keys, heaviest first
 * @param remedy what to do about the hot keys under this operation, empty if none is hot
 */
public record ShuffleSkewReport(int shuffleId, String operation, String callSite, String keyKind, int numMaps,
    int mapsReported, int numReducePartitions, long records, long bytes, List<ReportedKey> topKeys, String remedy) {

  public ShuffleSkewReport {
    topKeys = List.copyOf(topKeys);
  }

  /** The keys flagged hot. */
  public List<ReportedKey> hotKeys() {
    return topKeys.stream().filter(ReportedKey::hot).toList();
  }

  /** One line for the driver log. */
  public String describe() {
    String where = callSite.isEmpty() ? "" : " (" + callSite + ")";
    String keys = topKeys.stream().limit(5).map(k -> String.format(Locale.ROOT, "%s%s → partition %d: %.1f%% of records, %.1f%% of bytes (%.1f× a partition)",
        k.hot() ? "HOT " : "", quote(k.rendered()), k.reducePartition(), 100 * k.recordsShare(), 100 * k.bytesShare(),
        k.partitionLoad())).collect(Collectors.joining("; "));
    String coverage = mapsReported < numMaps ? String.format(Locale.ROOT, " [%d of %d map tasks reported]", mapsReported, numMaps) : "";
    return String.format(Locale.ROOT, "shuffle %d, %s%s: %,d records, ~%,d bytes, %d → %d partitions%s; top keys%s: %s%s",
        shuffleId, operation, where, records, bytes, numMaps, numReducePartitions, coverage,
        MapTaskKeySketch.SQL_COLUMNS.equals(keyKind) ? " (SQL column values per partition)" : "",
        keys.isEmpty() ? "none" : keys, remedy.isEmpty() ? "" : ". Remedy: " + remedy);
  }

  private static String quote(String rendered) {
    return "'" + rendered + "'";
  }
}
