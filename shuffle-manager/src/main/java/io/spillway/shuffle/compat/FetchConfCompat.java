package io.spillway.shuffle.compat;

import io.spillway.shuffle.FetchLimits;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.package$;
import org.apache.spark.io.CompressionCodec$;
import org.apache.spark.serializer.Serializer;

/**
 * Reads the shuffle-fetch settings from Spark's internal typed config entries
 * ({@code org.apache.spark.internal.config}), the way {@code BlockStoreShuffleReader} does, so defaults,
 * units and legacy key names stay Spark's.
 *
 * <p>Checked against Spark 4.1.3. Tracks: the fetch knobs {@code spark.reducer.maxSizeInFlight} (MiB,
 * 1.4), {@code maxReqsInFlight}, {@code maxBlocksInFlightPerAddress} (2.2.1),
 * {@code spark.network.maxRemoteBlockSizeFetchToMem} (3.0), {@code spark.shuffle.maxAttemptsOnNettyOOM}
 * (3.2, SPARK-27991), {@code spark.shuffle.checksum.*} (3.2, SPARK-35275); and the conditions under which
 * continuous blocks may be fetched in one batch (SPARK-9853, 3.0; never with IO encryption, SPARK-34790).
 */
public final class FetchConfCompat {

  private FetchConfCompat() {}

  /** The limits Spark's conf sets for every reduce task of this JVM: exactly what stock Spark would use. */
  public static FetchLimits configuredLimits(SparkConf conf) {
    package$ c = package$.MODULE$;
    return FetchLimits.builder()
        // Note: the MiB unit applies when no suffix is given, as in BlockStoreShuffleReader.
        .maxBytesInFlight(longOf(conf, c.REDUCER_MAX_SIZE_IN_FLIGHT()) * 1024 * 1024)
        .maxRequestsInFlight(intOf(conf, c.REDUCER_MAX_REQS_IN_FLIGHT()))
        .maxBlocksInFlightPerAddress(intOf(conf, c.REDUCER_MAX_BLOCKS_IN_FLIGHT_PER_ADDRESS()))
        .fetchToDiskThresholdBytes(longOf(conf, c.MAX_REMOTE_BLOCK_SIZE_FETCH_TO_MEM()))
        .maxAttemptsOnNettyOom(intOf(conf, c.SHUFFLE_MAX_ATTEMPTS_ON_NETTY_OOM()))
        .detectCorrupt(boolOf(conf, c.SHUFFLE_DETECT_CORRUPT()))
        .detectCorruptUseExtraMemory(boolOf(conf, c.SHUFFLE_DETECT_CORRUPT_MEMORY()))
        .checksumEnabled(boolOf(conf, c.SHUFFLE_CHECKSUM_ENABLED()))
        .checksumAlgorithm(conf.get(c.SHUFFLE_CHECKSUM_ALGORITHM()))
        .build();
  }

  /**
   * Whether continuous blocks of one map output may be fetched as one batch, given that the caller asked
   * for it ({@code shouldBatchFetch}): {@code BlockStoreShuffleReader.fetchContinuousBlocksInBatch}.
   * Batching needs a relocatable serializer, a codec whose streams concatenate (or no compression), the
   * new fetch protocol and no IO encryption.
   */
  public static boolean batchFetchAllowed(SparkConf conf, Serializer serializer, boolean shouldBatchFetch) {
    if (!shouldBatchFetch) {
      return false;
    }
    package$ c = package$.MODULE$;
    boolean compressed = boolOf(conf, c.SHUFFLE_COMPRESS());
    boolean codecConcatenation = !compressed || CompressionCodec$.MODULE$
        .supportsConcatenationOfSerializedStreams(CompressionCodec$.MODULE$.createCodec(conf));
    boolean useOldFetchProtocol = boolOf(conf, c.SHUFFLE_USE_OLD_FETCH_PROTOCOL());
    // SPARK-34790: fetching continuous blocks in batch is incompatible with IO encryption.
    boolean ioEncryption = boolOf(conf, c.IO_ENCRYPTION_ENABLED());
    return serializer.supportsRelocationOfSerializedObjects() && codecConcatenation && !useOldFetchProtocol
        && !ioEncryption;
  }

  private static long longOf(SparkConf conf, ConfigEntry<Object> entry) {
    return ((Number) conf.get(entry)).longValue();
  }

  private static int intOf(SparkConf conf, ConfigEntry<Object> entry) {
    return ((Number) conf.get(entry)).intValue();
  }

  private static boolean boolOf(SparkConf conf, ConfigEntry<Object> entry) {
    return (Boolean) conf.get(entry);
  }
}
