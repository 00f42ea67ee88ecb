package io.spillway.shuffle;

/**
 * What one {@code getReader} call reads: reduce partitions {@code [startPartition, endPartition)} of the map
 * outputs {@code [startMapIndex, endMapIndex)} of one shuffle.
 *
 * <p>A plain reduce task reads one partition of all maps ({@code endMapIndex == Integer.MAX_VALUE}); an AQE
 * coalesced partition reads several partitions; an AQE skew split reads one partition of a map-index range.
 *
 * @param shuffleId the shuffle being read
 * @param startMapIndex first map index, inclusive
 * @param endMapIndex last map index, exclusive; {@link Integer#MAX_VALUE} means "all maps"
 * @param startPartition first reduce partition, inclusive
 * @param endPartition last reduce partition, exclusive
 */
public record ReadRange(int shuffleId, int startMapIndex, int endMapIndex, int startPartition, int endPartition) {

  public ReadRange {
    if (startMapIndex < 0 || endMapIndex < startMapIndex) {
      throw new IllegalArgumentException("map index range [" + startMapIndex + ", " + endMapIndex
          + ") of shuffle " + shuffleId + " is not a range");
    }
    if (startPartition < 0 || endPartition < startPartition) {
      throw new IllegalArgumentException("partition range [" + startPartition + ", " + endPartition
          + ") of shuffle " + shuffleId + " is not a range");
    }
  }

  /** True when the read covers every map output (not an AQE skew split). */
  public boolean allMaps() {
    return startMapIndex == 0 && endMapIndex == Integer.MAX_VALUE;
  }

  /** Number of reduce partitions read; more than one for an AQE coalesced partition. */
  public int partitionCount() {
    return endPartition - startPartition;
  }
}
