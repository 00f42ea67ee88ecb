package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

class SparkEnvCompatTest {

  private static boolean encryptionSeenWith(boolean enabled) {
    SparkContext sc = new SparkContext(new SparkConf().setMaster("local[1]").setAppName("spark-env-compat")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1").set("spark.io.encryption.enabled", Boolean.toString(enabled)));
    try {
      return SparkEnvCompat.ioEncryptionEnabled();
    } finally {
      sc.stop();
    }
  }

  @Test
  void ioEncryptionEnabled_followsSparksSetting() {
    assertThat(encryptionSeenWith(true)).isTrue();
    assertThat(encryptionSeenWith(false)).isFalse();
  }
}
