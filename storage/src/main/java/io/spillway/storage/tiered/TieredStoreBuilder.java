package io.spillway.storage.tiered;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.File;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.serializer.SerializerInstance;

/** How to build a {@link TieredStore}: {@link TieredStore#builder()}, then {@link TieredStores#open} in production. */
public final class TieredStoreBuilder<V> {
  TieredStoreConfig config;
  SerializerInstance serializer;
  Supplier<PressureLevel> pressure = () -> PressureLevel.NORMAL;
  ValueWeigher<V> weigher = ValueWeigher.sizeEstimator();
  Supplier<File> files;
  String owner = "a tiered store";
  long maxValueBytes = Long.MAX_VALUE;
  OffHeapTier.MapFileCreator mapFileCreator = OffHeapTier.MapFileCreator.CHRONICLE;

  TieredStoreBuilder() {}

  /** How an off-heap map's file is created; Chronicle Map's call unless a test injects a fault. */
  TieredStoreBuilder<V> mapFileCreator(OffHeapTier.MapFileCreator c) {
    this.mapFileCreator = Objects.requireNonNull(c, "mapFileCreator");
    return this;
  }

  /** Sizes; required. */
  public TieredStoreBuilder<V> config(TieredStoreConfig c) {
    this.config = Objects.requireNonNull(c, "config");
    return this;
  }

  /** The task's serializer instance (values go off heap through it); required. */
  public TieredStoreBuilder<V> serializer(SerializerInstance s) {
    this.serializer = Objects.requireNonNull(s, "serializer");
    return this;
  }

  /** The pressure level, read before every operation; NORMAL if not set. */
  public TieredStoreBuilder<V> pressure(Supplier<PressureLevel> p) {
    this.pressure = Objects.requireNonNull(p, "pressure");
    return this;
  }

  /** Estimated heap bytes of a value; Spark's SizeEstimator if not set. */
  public TieredStoreBuilder<V> weigher(ValueWeigher<V> w) {
    this.weigher = Objects.requireNonNull(w, "weigher");
    return this;
  }

  /** A new, not yet existing file per off-heap map; required. */
  public TieredStoreBuilder<V> files(Supplier<File> f) {
    this.files = Objects.requireNonNull(f, "files");
    return this;
  }

  /**
   * The largest value estimate the store takes (see the class comment); larger ones are refused with
   * {@link ValueTooLargeException}. Unlimited if not set.
   */
  public TieredStoreBuilder<V> maxValueBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxValueBytes was " + bytes + ", must be >= 0");
    }
    this.maxValueBytes = bytes;
    return this;
  }

  /** Who owns the store (task, stage), for errors and logs. */
  public TieredStoreBuilder<V> owner(String o) {
    this.owner = Objects.requireNonNull(o, "owner");
    return this;
  }

  Supplier<File> files() {
    if (files == null) {
      throw new IllegalStateException("files are required");
    }
    return files;
  }

  public TieredStore<V> build() {
    if (config == null || serializer == null || files == null) {
      throw new IllegalStateException("config, serializer and files are required (config " + config
          + ", serializer " + serializer + ", files " + files + ")");
    }
    return new TieredStore<>(this);
  }
}
