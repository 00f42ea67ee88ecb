package io.spillway.storage.group;

import io.spillway.storage.compat.SparkSpillFiles;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.spark.storage.BlockId;
import scala.Tuple2;

/**
 * Where a task's spill files come from and how their bytes are framed on disk. Production
 * ({@link #ofSparkEnv()}) takes Spark's own: a temp-local block in {@code spark.local.dir} (removed
 * with the executor's local dirs when it exits, unless the external shuffle service keeps them) and Spark's compression and encryption for spills
 * ({@code spark.shuffle.spill.compress}, {@code spark.io.encryption.enabled}); tests use a folder and
 * plain streams.
 */
public interface SpillFiles {

  /** A new, not yet existing file, with the block id its framing is chosen by. */
  Tuple2<BlockId, File> newFile();

  /** Wraps the raw file stream for writing (compression, encryption). */
  OutputStream wrap(BlockId block, OutputStream raw);

  /** Wraps the raw file stream for reading; the inverse of {@link #wrap(BlockId, OutputStream)}. */
  InputStream wrap(BlockId block, InputStream raw);

  /**
   * Spark's disk block manager and serializer manager of this executor, looked up per call (through the
   * storage module's compat seam).
   */
  static SpillFiles ofSparkEnv() {
    return SparkSpillFiles.INSTANCE;
  }
}
