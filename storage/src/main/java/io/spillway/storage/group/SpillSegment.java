package io.spillway.storage.group;

import java.io.File;
import org.apache.spark.storage.BlockId;

/**
 * One closed segment file of a spilled group, with what was written to it: how many values, how many bytes on
 * disk (after Spark's framing) and their CRC-32C. A reader checks all three, so a file that was truncated, had
 * a byte changed or was cut short by a full disk fails the task that reads it instead of handing it fewer or
 * other values (see {@link SegmentsIterator}).
 *
 * @param block the temp-local block the file belongs to (chooses its framing)
 * @param file the file
 * @param values values serialized into it
 * @param bytes its length on disk when it was closed
 * @param crc32c CRC-32C of those bytes
 */
public record SpillSegment(BlockId block, File file, long values, long bytes, long crc32c) {

  /** Where the file is and whose it is, for error messages: "spill file F (directory D) of O". */
  String describe(String owner) {
    return "spill file " + file.getName() + " (directory " + file.getParent() + ") of " + owner;
  }
}
