package io.spillway.shuffle.compat;

import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerId;
import scala.Tuple2;
import scala.Tuple3;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * Where the blocks of one read live: per block manager, each block's id, size in bytes and map index
 * (Spark's {@code MapSizesByExecutorId}).
 *
 * @param blocksByAddress consumed once, by the block fetcher
 * @param batchFetchAllowed false when push-based shuffle's merged blocks forbid batch fetching
 */
public record BlockLocations(
    Iterator<Tuple2<BlockManagerId, Seq<Tuple3<BlockId, Object, Object>>>> blocksByAddress,
    boolean batchFetchAllowed) {}
