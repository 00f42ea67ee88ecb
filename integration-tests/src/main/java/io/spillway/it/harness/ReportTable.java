package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The A/B table as plain cells, shared by the Markdown and HTML renderings so that both always show
 * the same figures. Units are in the cells ("71.4 s", "512.0 MiB").
 */
final class ReportTable {

  static final List<String> HEADER = List.of("Case", "Mode", "Outcome", "Wall time", "Spilled (memory + disk)",
      "GC time (share of run time)", "Peak executor heap", "Spillway/stock time");

  private ReportTable() {}

  /**
   * One row per run, in run order; the ratio cell is filled on the Spillway row of a case run both ways
   * when the Spillway run finished, and says so when the stock run did not.
   */
  static List<List<String>> rows(List<RunRecord> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (RunRecord r : runs) {
      EventLogMetrics m = r.metrics();
      rows.add(List.of(r.caseId(), r.mode(), r.outcomeText(), seconds(r.wallMillis()),
          m.spilledBytes() == 0 ? "0" : bytes(m.memoryBytesSpilled()) + " + " + bytes(m.diskBytesSpilled()),
          gc(m), m.peakExecutorHeapBytes() == 0 ? "n/a" : bytes(m.peakExecutorHeapBytes()), ratio(r, runs)));
    }
    return rows;
  }

  static String gc(EventLogMetrics m) {
    String s = seconds(m.jvmGcTimeMillis()) + String.format(Locale.ROOT, " (%.0f%%)", 100 * m.gcShareRatio());
    return m.thrashing() ? s + " thrashing" : s;
  }

  private static String ratio(RunRecord r, List<RunRecord> runs) {
    if (!r.mode().equals("spillway") || r.outcome() != Outcome.OK) {
      return ""; // a time ratio against a run that did not finish says nothing
    }
    Optional<RunRecord> stock = runs.stream()
        .filter(o -> o.caseId().equals(r.caseId()) && o.mode().equals("stock")).findFirst();
    if (stock.isEmpty() || stock.get().wallMillis() <= 0) {
      return "";
    }
    String x = String.format(Locale.ROOT, "%.2f×", (double) r.wallMillis() / stock.get().wallMillis());
    return stock.get().outcome() == Outcome.OK ? x : x + " (stock " + stock.get().outcome().label() + ")";
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String bytes(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
