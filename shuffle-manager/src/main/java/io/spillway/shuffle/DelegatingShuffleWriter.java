package io.spillway.shuffle;

import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.shuffle.ShuffleWriter;
import scala.Option;

/**
 * A {@link ShuffleWriter} around the one Spark chose, for decorators that only look at the records on
 * their way in: stopping and the partition lengths are Spark's writer's, so what lands on disk and in
 * the map status stays Spark's.
 */
public abstract class DelegatingShuffleWriter<K, V> extends ShuffleWriter<K, V> {

  /** The writer Spark chose. */
  protected final ShuffleWriter<K, V> delegate;

  protected DelegatingShuffleWriter(ShuffleWriter<K, V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public Option<MapStatus> stop(boolean success) {
    return delegate.stop(success);
  }

  @Override
  public long[] getPartitionLengths() {
    return delegate.getPartitionLengths();
  }
}
