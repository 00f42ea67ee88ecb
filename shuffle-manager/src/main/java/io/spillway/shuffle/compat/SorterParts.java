package io.spillway.shuffle.compat;

import org.apache.spark.Aggregator;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import scala.Option;
import scala.math.Ordering;

/**
 * The constructor arguments every Spark line's {@code ExternalSorter} takes (4.1 adds row-based checksums,
 * which the {@link ShuffleShims} of that line supply).
 *
 * @param aggregator combines values of equal keys while sorting, or {@code None}
 * @param partitioner the shuffle's partitioner (map side), or {@code None} for one output partition (reduce side)
 * @param ordering the key ordering, or {@code None}
 * @param serializer for spill files
 */
public record SorterParts<K, V, C>(TaskContext context, Option<Aggregator<K, V, C>> aggregator,
    Option<Partitioner> partitioner, Option<Ordering<K>> ordering, Serializer serializer) {}
