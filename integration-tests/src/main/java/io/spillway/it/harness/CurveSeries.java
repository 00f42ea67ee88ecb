package io.spillway.it.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of the degradation curve: a case in one mode at every executor memory, and what the curve asks of it —
 * the wall time at the smallest memory over the wall time at the largest ({@link #ratio}), at most a bound.
 *
 * <p>Why every run must be correct for the series to meet the bound, not just the two ends: a curve that
 * survives 2 GiB and 256 MiB but dies at 384 MiB has not degraded gracefully, and a ratio over a run that did
 * not do the work measures nothing.
 *
 * @param caseId the case id
 * @param title  the case's one-line description
 * @param mode   {@code stock} or {@code spillway}
 * @param points its runs, largest memory first (the constructor sorts them)
 */
public record CurveSeries(String caseId, String title, String mode, List<CurvePoint> points) {

  public CurveSeries {
    points = points.stream().sorted(Comparator.comparingInt(CurvePoint::memoryMiB).reversed()).toList();
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a curve series needs at least one point: " + caseId + " " + mode);
    }
  }

  /** The point at the largest memory, the reference the ratio divides by. */
  public CurvePoint largest() {
    return points.get(0);
  }

  /** The point at the smallest memory. */
  public CurvePoint smallest() {
    return points.get(points.size() - 1);
  }

  /**
   * Wall time at the smallest memory over wall time at the largest; null when either run was not correct
   * (or the largest took no time), because then there is no time to compare.
   */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public Double ratio() {
    if (!largest().ok() || !smallest().ok() || largest().run().wallMillis() <= 0) {
      return null;
    }
    return (double) smallest().run().wallMillis() / largest().run().wallMillis();
  }

  /** Every run finished with the expected answer. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean allOk() {
    return points.stream().allMatch(CurvePoint::ok);
  }

  /** The first run, largest memory first, that did not finish with the expected answer. */
  public Optional<CurvePoint> firstFailure() {
    return points.stream().filter(p -> !p.ok()).findFirst();
  }

  /** Every run correct and the ratio at most {@code maxRatio}. */
  public boolean meets(double maxRatio) {
    Double r = ratio();
    return allOk() && r != null && r <= maxRatio;
  }

  /**
   * The verdict in words, e.g. {@code "ok: 1.84× ≤ 3×"}, {@code "above the bound: 3.40× > 3×"},
   * {@code "FAILED: 384m ended OOM (2 executors lost, exit 52)"}; a failure names the largest memory that failed.
   */
  public String verdict(double maxRatio) {
    Optional<CurvePoint> failed = firstFailure();
    if (failed.isPresent()) {
      long failures = points.stream().filter(p -> !p.ok()).count();
      return "FAILED: " + failed.get().memory() + " ended " + failed.get().run().outcomeText()
          + (failures > 1 ? "; " + failures + " of " + points.size() + " runs failed" : "");
    }
    Double r = ratio();
    if (r == null) {
      return "no ratio: the run at " + largest().memory() + " took no measurable time";
    }
    return r <= maxRatio
        ? "ok: " + times(r) + " ≤ " + bound(maxRatio)
        : "above the bound: " + times(r) + " > " + bound(maxRatio);
  }

  /** {@code 1.84×}. */
  static String times(double ratio) {
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  /** {@code 3×}, {@code 2.5×}: the bound as it was given, without trailing zeros. */
  static String bound(double maxRatio) {
    return (maxRatio == Math.rint(maxRatio) ? Long.toString((long) maxRatio)
        : String.format(Locale.ROOT, "%s", maxRatio)) + "×";
  }
}
