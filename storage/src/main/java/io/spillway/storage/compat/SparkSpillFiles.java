package io.spillway.storage.compat;

import io.spillway.storage.group.SpillFiles;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.TempLocalBlockId;
import scala.Tuple2;

/**
 * Spark's own spill files ({@link SpillFiles#ofSparkEnv()}): a temp-local block of this executor's
 * {@code DiskBlockManager} and its {@code SerializerManager}'s stream wrapping (compression, encryption).
 * {@code BlockManager}, {@code DiskBlockManager} and {@code SerializerManager} are {@code private[spark]}; the
 * three calls are the same on 4.0.4, 4.1.3 and 4.2.0.
 *
 * <p>Looked up per call: the object holds no reference to {@code SparkEnv}, so Spark's size estimator, walking a
 * spilled group, does not wander into the whole environment.
 */
public enum SparkSpillFiles implements SpillFiles {
  INSTANCE;

  @Override
  public Tuple2<BlockId, File> newFile() {
    Tuple2<TempLocalBlockId, File> t = SparkEnv.get().blockManager().diskBlockManager().createTempLocalBlock();
    return new Tuple2<>(t._1(), t._2());
  }

  @Override
  public OutputStream wrap(BlockId block, OutputStream raw) {
    return SparkEnv.get().serializerManager().wrapStream(block, raw);
  }

  @Override
  public InputStream wrap(BlockId block, InputStream raw) {
    return SparkEnv.get().serializerManager().wrapStream(block, raw);
  }
}
