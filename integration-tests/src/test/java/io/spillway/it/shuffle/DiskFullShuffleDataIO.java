package io.spillway.it.shuffle;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.api.ShuffleDataIO;
import org.apache.spark.shuffle.api.ShuffleDriverComponents;
import org.apache.spark.shuffle.api.ShuffleExecutorComponents;
import org.apache.spark.shuffle.api.ShuffleMapOutputWriter;
import org.apache.spark.shuffle.api.ShufflePartitionWriter;
import org.apache.spark.shuffle.api.SingleSpillShuffleMapOutputWriter;
import org.apache.spark.shuffle.api.metadata.MapOutputCommitMessage;
import org.apache.spark.shuffle.sort.io.LocalDiskShuffleDataIO;

/**
 * Spark's local-disk shuffle I/O plugin on a disk that fills up: each map output's first {@link
 * #PARTITIONS_BEFORE_FULL} partitions are written, then the next one's first byte throws {@code IOException("No
 * space left on device")} — in a task's first attempt only, or in every attempt ({@link #ATTEMPTS_KEY} = {@code first} or {@code all}). This container cannot
 * mount a size-capped directory; the plugin API ({@code spark.shuffle.sort.io.plugin.class}) is the seam Spark's
 * writers and Spillway's map-side writer both write through.
 */
public final class DiskFullShuffleDataIO implements ShuffleDataIO {

  /** Which task attempts find the disk full: {@code first} or {@code all}. */
  public static final String ATTEMPTS_KEY = "spark.test.diskFull.attempts";
  /** Partitions of a map output written before the disk is full: their bytes are on disk then. */
  static final int PARTITIONS_BEFORE_FULL = 1;

  private final LocalDiskShuffleDataIO real;
  private final boolean everyAttempt;

  public DiskFullShuffleDataIO(SparkConf conf) {
    this.real = new LocalDiskShuffleDataIO(conf);
    this.everyAttempt = "all".equals(conf.get(ATTEMPTS_KEY, "first"));
  }

  @Override
  public ShuffleDriverComponents driver() {
    return real.driver();
  }

  @Override
  public ShuffleExecutorComponents executor() {
    ShuffleExecutorComponents components = real.executor();
    return new ShuffleExecutorComponents() {
      @Override
      public void initializeExecutor(String appId, String execId, Map<String, String> extraConfigs) {
        components.initializeExecutor(appId, execId, extraConfigs);
      }

      @Override
      public ShuffleMapOutputWriter createMapOutputWriter(int shuffleId, long mapTaskId, int numPartitions)
          throws IOException {
        ShuffleMapOutputWriter writer = components.createMapOutputWriter(shuffleId, mapTaskId, numPartitions);
        TaskContext task = TaskContext.get();
        boolean full = everyAttempt || (task != null && task.attemptNumber() == 0 && task.stageAttemptNumber() == 0);
        return full ? filling(writer) : writer;
      }

      @Override
      public Optional<SingleSpillShuffleMapOutputWriter> createSingleFileMapOutputWriter(int shuffleId, long mapId) {
        return Optional.empty(); // every write goes through the partition streams
      }
    };
  }

  private static ShuffleMapOutputWriter filling(ShuffleMapOutputWriter writer) {
    int[] written = {0};
    return new ShuffleMapOutputWriter() {
      @Override
      public ShufflePartitionWriter getPartitionWriter(int reducePartitionId) throws IOException {
        ShufflePartitionWriter partition = writer.getPartitionWriter(reducePartitionId);
        return new ShufflePartitionWriter() {
          @Override
          public OutputStream openStream() throws IOException {
            OutputStream opened = partition.openStream(); // the attempt's temporary data file exists now
            if (written[0]++ < PARTITIONS_BEFORE_FULL) {
              return opened;
            }
            return new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("No space left on device");
              }

              @Override
              public void close() throws IOException {
                opened.close();
              }
            };
          }

          @Override
          public long getNumBytesWritten() {
            return partition.getNumBytesWritten();
          }
        };
      }

      @Override
      public MapOutputCommitMessage commitAllPartitions(long[] checksums) throws IOException {
        return writer.commitAllPartitions(checksums);
      }

      @Override
      public void abort(Throwable error) throws IOException {
        writer.abort(error);
      }
    };
  }
}
