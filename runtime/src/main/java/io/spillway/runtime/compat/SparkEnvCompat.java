package io.spillway.runtime.compat;

import org.apache.spark.SparkEnv;

/**
 * What Spillway reads of this JVM's {@code SparkEnv} beyond its public members: whether I/O encryption is on
 * ({@code SecurityManager.ioEncryptionKey}; {@code SecurityManager} is {@code private[spark]}, the method the same
 * on 4.0.4, 4.1.3 and 4.2.0).
 */
public final class SparkEnvCompat {

  private SparkEnvCompat() {}

  /** Whether this JVM's Spark encrypts what it writes to local disk; false before Spark has an environment. */
  public static boolean ioEncryptionEnabled() {
    SparkEnv env = SparkEnv.get();
    return env != null && env.securityManager().ioEncryptionKey().isDefined();
  }
}
