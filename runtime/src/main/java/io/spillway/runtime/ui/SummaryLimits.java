package io.spillway.runtime.ui;

/**
 * How much the Spillway tab keeps, so a long application's summary stays small on the driver and in the
 * History Server: every list keeps its newest entries up to these bounds and counts the rest, except an
 * executor's timeline, which is thinned to its budget ({@link LevelTimeline}) so its whole run stays drawn. Strings are
 * bounded when rendered ({@link Html}), not here, so the JSON form keeps what the event said.
 *
 * @param maxExecutors         executors with a timeline (later executors are counted, not drawn)
 * @param maxChangesPerExecutor points of an executor's timeline kept (at least 2; thinned beyond, every level
 *                             reached still shown)
 * @param maxActions           actions kept (newest)
 * @param maxShuffles          skew reports kept (newest)
 * @param maxKeysPerShuffle    keys kept per skew report (heaviest)
 * @param maxStages            stage attempts kept (newest)
 * @param maxRetries           exclusive retries kept (newest)
 */
public record SummaryLimits(int maxExecutors, int maxChangesPerExecutor, int maxActions, int maxShuffles,
    int maxKeysPerShuffle, int maxStages, int maxRetries) {

  /**
   * The bounds the plugin uses: about 2 MiB of summary with every one reached (docs/ui.md), enough for the
   * executors and the history an operator reads on one page; a timeline drawn a thousand pixels wide shows no
   * more than a few hundred points.
   */
  public static final SummaryLimits DEFAULT = new SummaryLimits(256, 256, 1000, 200, 20, 1000, 200);

  public SummaryLimits {
    if (maxExecutors < 1 || maxChangesPerExecutor < 2 || maxActions < 1 || maxShuffles < 1 || maxKeysPerShuffle < 1
        || maxStages < 1 || maxRetries < 1) {
      throw new IllegalArgumentException("every summary limit must be at least 1, and a timeline's at least 2: "
          + this);
    }
  }
}
