package io.spillway.runtime.pressure;

import java.util.concurrent.TimeUnit;

/** A {@link NanoClock} the test moves by hand. */
public final class ManualClock implements NanoClock {

  private long nowNanos;

  @Override
  public long nanoTime() {
    return nowNanos;
  }

  public void setMillis(long millis) {
    nowNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  public void advanceMillis(long millis) {
    nowNanos += TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
