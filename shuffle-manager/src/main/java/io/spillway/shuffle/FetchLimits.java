package io.spillway.shuffle;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The knobs one reduce task's {@code ShuffleBlockFetcherIterator} is built with: how many bytes, requests
 * and blocks may be in flight, above which size a remote block goes to disk instead of the heap, and how
 * fetched data is checked.
 *
 * <p>Stock Spark reads these from the shared {@code SparkConf} once per {@code read()}, so every task of an
 * executor gets the same values. Spillway's reader asks a {@link FetchLimitsPolicy} instead, which may
 * lower them for one task (e.g. under heap pressure) without touching the conf other tasks read.
 *
 * <p>Immutable; build one with {@link #builder()} or derive one with {@link #toBuilder()}. Every setter
 * validates immediately and says what was wrong.
 */
public final class FetchLimits {

  /** The checksum algorithms Spark's fetcher understands ({@code spark.shuffle.checksum.algorithm}). */
  private static final Set<String> CHECKSUM_ALGORITHMS = Set.of("ADLER32", "CRC32", "CRC32C");

  private final long maxBytesInFlight;
  private final int maxRequestsInFlight;
  private final int maxBlocksInFlightPerAddress;
  private final long fetchToDiskThresholdBytes;
  private final int maxAttemptsOnNettyOom;
  private final boolean detectCorrupt;
  private final boolean detectCorruptUseExtraMemory;
  private final boolean checksumEnabled;
  private final String checksumAlgorithm;

  private FetchLimits(Builder b) {
    this.maxBytesInFlight = b.maxBytesInFlight;
    this.maxRequestsInFlight = b.maxRequestsInFlight;
    this.maxBlocksInFlightPerAddress = b.maxBlocksInFlightPerAddress;
    this.fetchToDiskThresholdBytes = b.fetchToDiskThresholdBytes;
    this.maxAttemptsOnNettyOom = b.maxAttemptsOnNettyOom;
    this.detectCorrupt = b.detectCorrupt;
    this.detectCorruptUseExtraMemory = b.detectCorruptUseExtraMemory;
    this.checksumEnabled = b.checksumEnabled;
    this.checksumAlgorithm = b.checksumAlgorithm;
  }

  /** A builder holding Spark's built-in defaults (48 MiB in flight, unlimited requests and blocks, 200 MiB to memory). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this value's settings. */
  public Builder toBuilder() {
    return new Builder()
        .maxBytesInFlight(maxBytesInFlight)
        .maxRequestsInFlight(maxRequestsInFlight)
        .maxBlocksInFlightPerAddress(maxBlocksInFlightPerAddress)
        .fetchToDiskThresholdBytes(fetchToDiskThresholdBytes)
        .maxAttemptsOnNettyOom(maxAttemptsOnNettyOom)
        .detectCorrupt(detectCorrupt)
        .detectCorruptUseExtraMemory(detectCorruptUseExtraMemory)
        .checksumEnabled(checksumEnabled)
        .checksumAlgorithm(checksumAlgorithm);
  }

  /** {@code spark.reducer.maxSizeInFlight} in bytes: remote data requested but not yet consumed. */
  public long maxBytesInFlight() {
    return maxBytesInFlight;
  }

  /** {@code spark.reducer.maxReqsInFlight}: concurrent remote fetch requests. */
  public int maxRequestsInFlight() {
    return maxRequestsInFlight;
  }

  /** {@code spark.reducer.maxBlocksInFlightPerAddress}: blocks requested from one host:port at once. */
  public int maxBlocksInFlightPerAddress() {
    return maxBlocksInFlightPerAddress;
  }

  /** {@code spark.network.maxRemoteBlockSizeFetchToMem}: a request larger than this is streamed to disk. */
  public long fetchToDiskThresholdBytes() {
    return fetchToDiskThresholdBytes;
  }

  /** {@code spark.shuffle.maxAttemptsOnNettyOOM}: retries of a block after Netty ran out of direct memory. */
  public int maxAttemptsOnNettyOom() {
    return maxAttemptsOnNettyOom;
  }

  /** {@code spark.shuffle.detectCorrupt}. */
  public boolean detectCorrupt() {
    return detectCorrupt;
  }

  /** {@code spark.shuffle.detectCorrupt.useExtraMemory}: decompress part of a block up front to detect corruption. */
  public boolean detectCorruptUseExtraMemory() {
    return detectCorruptUseExtraMemory;
  }

  /** {@code spark.shuffle.checksum.enabled}: diagnose a corrupt block with the map side's checksum file. */
  public boolean checksumEnabled() {
    return checksumEnabled;
  }

  /** {@code spark.shuffle.checksum.algorithm}, upper case. */
  public String checksumAlgorithm() {
    return checksumAlgorithm;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FetchLimits)) {
      return false;
    }
    FetchLimits that = (FetchLimits) o;
    return maxBytesInFlight == that.maxBytesInFlight
        && maxRequestsInFlight == that.maxRequestsInFlight
        && maxBlocksInFlightPerAddress == that.maxBlocksInFlightPerAddress
        && fetchToDiskThresholdBytes == that.fetchToDiskThresholdBytes
        && maxAttemptsOnNettyOom == that.maxAttemptsOnNettyOom
        && detectCorrupt == that.detectCorrupt
        && detectCorruptUseExtraMemory == that.detectCorruptUseExtraMemory
        && checksumEnabled == that.checksumEnabled
        && checksumAlgorithm.equals(that.checksumAlgorithm);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxBytesInFlight, maxRequestsInFlight, maxBlocksInFlightPerAddress,
        fetchToDiskThresholdBytes, maxAttemptsOnNettyOom, detectCorrupt, detectCorruptUseExtraMemory,
        checksumEnabled, checksumAlgorithm);
  }

  @Override
  public String toString() {
    return "FetchLimits{maxBytesInFlight=" + maxBytesInFlight
        + ", maxRequestsInFlight=" + maxRequestsInFlight
        + ", maxBlocksInFlightPerAddress=" + maxBlocksInFlightPerAddress
        + ", fetchToDiskThresholdBytes=" + fetchToDiskThresholdBytes
        + ", maxAttemptsOnNettyOom=" + maxAttemptsOnNettyOom
        + ", detectCorrupt=" + detectCorrupt
        + ", detectCorruptUseExtraMemory=" + detectCorruptUseExtraMemory
        + ", checksumEnabled=" + checksumEnabled
        + ", checksumAlgorithm=" + checksumAlgorithm + '}';
  }

  /** Collects {@link FetchLimits}; each setter rejects a bad value at once, naming the setting and the value. */
  public static final class Builder {
    private long maxBytesInFlight = 48L << 20;
    private int maxRequestsInFlight = Integer.MAX_VALUE;
    private int maxBlocksInFlightPerAddress = Integer.MAX_VALUE;
    private long fetchToDiskThresholdBytes = 200L << 20;
    private int maxAttemptsOnNettyOom = 10;
    private boolean detectCorrupt = true;
    private boolean detectCorruptUseExtraMemory = false;
    private boolean checksumEnabled = true;
    private String checksumAlgorithm = "ADLER32";

    private Builder() {}

    /** Must be positive: Spark's fetcher divides it by 5 to size one request. */
    public Builder maxBytesInFlight(long bytes) {
      this.maxBytesInFlight = requirePositive("maxBytesInFlight", bytes);
      return this;
    }

    public Builder maxRequestsInFlight(int requests) {
      this.maxRequestsInFlight = (int) requirePositive("maxRequestsInFlight", requests);
      return this;
    }

    public Builder maxBlocksInFlightPerAddress(int blocks) {
      this.maxBlocksInFlightPerAddress = (int) requirePositive("maxBlocksInFlightPerAddress", blocks);
      return this;
    }

    /** Must be positive; Spark caps the frame it can receive in memory at 2 GiB minus 512 bytes. */
    public Builder fetchToDiskThresholdBytes(long bytes) {
      this.fetchToDiskThresholdBytes = requirePositive("fetchToDiskThresholdBytes", bytes);
      return this;
    }

    public Builder maxAttemptsOnNettyOom(int attempts) {
      this.maxAttemptsOnNettyOom = (int) requirePositive("maxAttemptsOnNettyOom", attempts);
      return this;
    }

    public Builder detectCorrupt(boolean detect) {
      this.detectCorrupt = detect;
      return this;
    }

    public Builder detectCorruptUseExtraMemory(boolean useExtraMemory) {
      this.detectCorruptUseExtraMemory = useExtraMemory;
      return this;
    }

    public Builder checksumEnabled(boolean enabled) {
      this.checksumEnabled = enabled;
      return this;
    }

    /** One of ADLER32, CRC32, CRC32C (any case). */
    public Builder checksumAlgorithm(String algorithm) {
      Objects.requireNonNull(algorithm, "checksumAlgorithm");
      String upper = algorithm.toUpperCase(Locale.ROOT);
      if (!CHECKSUM_ALGORITHMS.contains(upper)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "checksumAlgorithm must be one of %s but was %s", CHECKSUM_ALGORITHMS, algorithm));
      }
      this.checksumAlgorithm = upper;
      return this;
    }

    public FetchLimits build() {
      return new FetchLimits(this);
    }

    private static long requirePositive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be positive but was %d", name, value));
      }
      return value;
    }
  }
}
