package io.spillway.runtime.skew;

/**
 * One key of a shuffle's skew report, summed over the map tasks that reported it.
 *
 * @param rendered the key, bounded (rendered on the executor)
 * @param reducePartition the reduce partition it lands in
 * @param records its estimated records in the whole shuffle
 * @param recordsErrorBound how far {@code records} may overstate the truth (sketch replacement error plus
 *     the bounds of map tasks that did not track it), before sampling noise
 * @param recordsShare {@code records} / the shuffle's records
 * @param bytes its estimated serialized bytes
 * @param bytesShare {@code bytes} / the shuffle's estimated bytes
 * @param partitionLoad how many average reduce partitions' worth of data this one key is (by bytes when
 *     sizes were sampled, else by records)
 * @param hot whether the report flags it ({@link ShuffleSkewCollector.Settings})
 */
public record ReportedKey(String rendered, int reducePartition, long records, long recordsErrorBound,
    double recordsShare, long bytes, double bytesShare, double partitionLoad, boolean hot) {}
