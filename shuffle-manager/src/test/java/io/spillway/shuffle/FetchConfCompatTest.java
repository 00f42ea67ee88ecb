package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.compat.FetchConfCompat;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;

class FetchConfCompatTest {

  @Test
  void configuredLimits_emptyConf_equalsBuiltInDefaults() {
    assertThat(FetchConfCompat.configuredLimits(new SparkConf(false))).isEqualTo(FetchLimits.builder().build());
  }

  @Test
  void configuredLimits_userValues_readWithSparksUnits() {
    SparkConf conf = new SparkConf(false)
        .set("spark.reducer.maxSizeInFlight", "24") // no suffix: MiB, as in BlockStoreShuffleReader
        .set("spark.reducer.maxReqsInFlight", "7")
        .set("spark.reducer.maxBlocksInFlightPerAddress", "11")
        .set("spark.network.maxRemoteBlockSizeFetchToMem", "64m")
        .set("spark.shuffle.maxAttemptsOnNettyOOM", "3")
        .set("spark.shuffle.detectCorrupt", "false")
        .set("spark.shuffle.detectCorrupt.useExtraMemory", "true")
        .set("spark.shuffle.checksum.enabled", "false")
        .set("spark.shuffle.checksum.algorithm", "crc32");

    FetchLimits limits = FetchConfCompat.configuredLimits(conf);

    assertThat(limits).isEqualTo(FetchLimits.builder()
        .maxBytesInFlight(24L << 20)
        .maxRequestsInFlight(7)
        .maxBlocksInFlightPerAddress(11)
        .fetchToDiskThresholdBytes(64L << 20)
        .maxAttemptsOnNettyOom(3)
        .detectCorrupt(false)
        .detectCorruptUseExtraMemory(true)
        .checksumEnabled(false)
        .checksumAlgorithm("CRC32")
        .build());
  }

  @Test
  void batchFetchAllowed_notAsked_false() {
    SparkConf conf = new SparkConf(false);
    assertThat(FetchConfCompat.batchFetchAllowed(conf, new KryoSerializer(conf), false)).isFalse();
  }

  @Test
  void batchFetchAllowed_kryoAndDefaultCodec_true() {
    SparkConf conf = new SparkConf(false);
    assertThat(FetchConfCompat.batchFetchAllowed(conf, new KryoSerializer(conf), true)).isTrue();
  }

  @Test
  void batchFetchAllowed_javaSerializerIsNotRelocatable_false() {
    SparkConf conf = new SparkConf(false);
    assertThat(FetchConfCompat.batchFetchAllowed(conf, new JavaSerializer(conf), true)).isFalse();
  }

  @Test
  void batchFetchAllowed_ioEncryption_falsePerSpark34790() {
    SparkConf conf = new SparkConf(false).set("spark.io.encryption.enabled", "true");
    assertThat(FetchConfCompat.batchFetchAllowed(conf, new KryoSerializer(conf), true)).isFalse();
  }

  @Test
  void batchFetchAllowed_oldFetchProtocol_false() {
    SparkConf conf = new SparkConf(false).set("spark.shuffle.useOldFetchProtocol", "true");
    assertThat(FetchConfCompat.batchFetchAllowed(conf, new KryoSerializer(conf), true)).isFalse();
  }
}
