package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkVersionTest {

  @Test
  void parse_releaseAndSnapshot_numbersAndText() {
    assertThat(SparkVersion.parse("4.1.3")).isEqualTo(new SparkVersion(4, 1, 3, "4.1.3"));
    assertThat(SparkVersion.parse("4.2.0-SNAPSHOT")).isEqualTo(new SparkVersion(4, 2, 0, "4.2.0-SNAPSHOT"));
    assertThat(SparkVersion.parse("4.0")).isEqualTo(new SparkVersion(4, 0, 0, "4.0"));
  }

  @Test
  void isSupported_exactlyTheLines40To42() {
    assertThat(SparkVersion.parse("4.0.0").isSupported()).isTrue();
    assertThat(SparkVersion.parse("4.0.4").isSupported()).isTrue();
    assertThat(SparkVersion.parse("4.1.3").isSupported()).isTrue();
    assertThat(SparkVersion.parse("4.2.0").isSupported()).isTrue();
    assertThat(SparkVersion.parse("4.2.9").isSupported()).isTrue();
    assertThat(SparkVersion.parse("3.5.8").isSupported()).isFalse();
    assertThat(SparkVersion.parse("4.3.0").isSupported()).isFalse();
    assertThat(SparkVersion.parse("5.0.0").isSupported()).isFalse();
  }

  @Test
  void isSupported_unreadableVersion_isNotSupported() {
    assertThat(SparkVersion.parse(null).isSupported()).isFalse();
    assertThat(SparkVersion.parse("master").isSupported()).isFalse();
    assertThat(SparkVersion.parse("").isSupported()).isFalse();
  }

  @Test
  void atLeast_comparesMajorThenMinor() {
    SparkVersion v = SparkVersion.parse("4.1.0");
    assertThat(v.atLeast(4, 0)).isTrue();
    assertThat(v.atLeast(4, 1)).isTrue();
    assertThat(v.atLeast(4, 2)).isFalse();
    assertThat(v.atLeast(3, 9)).isTrue();
    assertThat(v.atLeast(5, 0)).isFalse();
  }

  @Test
  void running_readsTheSparkOnTheClasspath() {
    // the build's Spark (spark.version) is what the tests run against
    assertThat(SparkVersion.running().text()).isEqualTo(org.apache.spark.package$.MODULE$.SPARK_VERSION());
    assertThat(SparkVersion.running().isSupported()).isTrue();
  }
}
