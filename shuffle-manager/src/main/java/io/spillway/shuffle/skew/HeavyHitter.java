package io.spillway.shuffle.skew;

/**
 * One row of {@link HeavyHitters#top}: a monitored key with its estimated weight in the shuffle, ready for a
 * report.
 *
 * <p>Shares are estimates from above for records ({@code count} bounds the true count from above) and an
 * extrapolation for bytes: {@code estimatedBytes} is the mean size of the records seen while the key was
 * monitored times {@code count}. {@code guaranteedHeavy} is the only claim that holds without "estimated":
 * the key's true count is at least {@code count - error}, and that alone exceeds the threshold.
 *
 * @param key the key (may be null)
 * @param count upper bound of the key's record count
 * @param error how much {@code count} may overestimate
 * @param observedBytes serialized bytes of the {@code count - error} records seen while monitored (a lower bound)
 * @param estimatedBytes {@code observedBytes} scaled to {@code count} records
 * @param recordShareRatio {@code count / totalRecords}
 * @param bytesShareRatio {@code estimatedBytes / totalBytes}, 0 when no bytes were counted
 * @param guaranteedHeavy {@code count - error > thresholdRatio * totalRecords}
 */
public record HeavyHitter(Object key, long count, long error, long observedBytes, long estimatedBytes,
    double recordShareRatio, double bytesShareRatio, boolean guaranteedHeavy) {

  /** Records certainly of this key. */
  public long guaranteedCount() {
    return count - error;
  }

  static HeavyHitter of(HeavyHitterSnapshot.Entry entry, long totalRecords, long totalBytes,
      double thresholdRatio) {
    long guaranteed = entry.guaranteedCount();
    long estimatedBytes = Math.round((double) entry.observedBytes() / guaranteed * entry.count());
    double recordShare = totalRecords == 0 ? 0 : (double) entry.count() / totalRecords;
    double bytesShare = totalBytes == 0 ? 0 : Math.min(1.0, (double) estimatedBytes / totalBytes);
    boolean heavy = guaranteed > thresholdRatio * totalRecords;
    return new HeavyHitter(entry.key(), entry.count(), entry.error(), entry.observedBytes(), estimatedBytes,
        recordShare, bytesShare, heavy);
  }
}
