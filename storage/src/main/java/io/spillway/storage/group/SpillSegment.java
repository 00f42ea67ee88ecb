package io.spillway.storage.group;

import java.io.File;
import org.apache.spark.storage.BlockId;

/**
 * One closed segment file of a spilled group, with what was written to it: how many values and how many bytes on
 * disk. A reader checks both, and the CRC-32C of each chunk of the file before Spark's codec sees it
 * ({@link io.spillway.storage.io.CheckedChunkInputStream}), so a file that was truncated, had a byte changed or
 * was cut short by a full disk fails the task that reads it instead of handing it fewer or other values, or
 * crashing the JVM in a native decompressor (see {@link SegmentsIterator}).
 *
 * @param block the temp-local block the file belongs to (chooses its framing)
 * @param file the file
 * @param values values serialized into it
 * @param bytes its length on disk when it was closed
 */
public record SpillSegment(BlockId block, File file, long values, long bytes) {

  /** Where the file is and whose it is, for error messages: "spill file F (directory D) of O". */
  String describe(String owner) {
    return "spill file " + file.getName() + " (directory " + file.getParent() + ") of " + owner;
  }
}
