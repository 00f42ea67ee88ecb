package io.spillway.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Bad input is refused at start-up with one error naming the key, the value and what is allowed: over every
 * registered entry a value of the wrong type, out-of-range values of each kind, unknown keys, values read from a
 * conf file, and values that would otherwise break the message itself.
 */
class SpillwayConfBadInputTest {

  private static SparkConf conf(String key, String value) {
    return new SparkConf(false).set(key, value);
  }

  static Stream<ConfigEntry<?>> entries() {
    return SpillwayConf.entries().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void validate_wrongTypeForEveryKey_oneErrorNamingKeyValueAndAccepted(ConfigEntry<?> entry) {
    assertThatThrownBy(() -> SpillwayConf.validate(conf(entry.key(), "lots")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting " + entry.key() + "=lots: expected " + entry.accepted())
        .satisfies(e -> assertThat(((InvalidConfigException) e).key()).isEqualTo(entry.key()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void validate_defaultWrittenOutForEveryKey_accepted(ConfigEntry<?> entry) {
    String rendered = render(entry);
    assertThatCode(() -> SpillwayConf.validate(conf(entry.key(), " " + rendered + " "))).doesNotThrowAnyException();
  }

  private static <T> String render(ConfigEntry<T> entry) {
    return entry.render(entry.defaultValue());
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("spark.spillway.shuffle.groupSpillHeapRatio", "1.01", "a number in [0.0, 1.0]"),
        Arguments.of("spark.spillway.shuffle.groupSpillHeapRatio", "-0.1", "a number in [0.0, 1.0]"),
        Arguments.of("spark.spillway.shuffle.groupSpillHeapRatio", "NaN", "a number in [0.0, 1.0]"),
        Arguments.of("spark.spillway.shuffle.groupSpillHeapRatio", "Infinity", "a number in [0.0, 1.0]"),
        Arguments.of("spark.spillway.skew.sketchCapacity", "4097", "an integer in [8, 4096]"),
        Arguments.of("spark.spillway.skew.sketchCapacity", "99999999999999999999", "an integer in [8, 4096]"),
        Arguments.of("spark.spillway.skew.sketchCapacity", "64.5", "an integer in [8, 4096]"),
        Arguments.of("spark.spillway.tiered.firstMapEntries", "0", "an integer in [1, 1073741824]"),
        Arguments.of("spark.spillway.monitor.gcWindow", "500ms", "a duration (e.g. 500ms, 10s) in [1s, 10min]"),
        Arguments.of("spark.spillway.monitor.gcWindow", "-5s", "a duration (e.g. 500ms, 10s) in [1s, 10min]"),
        Arguments.of("spark.spillway.monitor.gcWindow", "10 parsecs", "a duration (e.g. 500ms, 10s) in [1s, 10min]"),
        Arguments.of("spark.spillway.control.executionBalloon.taskFloor", "2t",
            "a byte size (e.g. 64m, 1g) in [0, 1099511627776] bytes"),
        Arguments.of("spark.spillway.control.enabled", "yes", "true or false"),
        Arguments.of("spark.spillway.control.enabled", "", "true or false"),
        Arguments.of("spark.spillway.tiered.aggregation", "sometimes", "auto, never or always"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("outOfRange")
  void validate_outOfRangeOrMalformed_oneErrorNamingKeyValueAndAccepted(String key, String value, String accepted) {
    assertThatThrownBy(() -> SpillwayConf.validate(conf(key, value)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting " + key + "=" + value + ": expected " + accepted);
  }

  @Test
  void validate_unknownKeyNearAKnownOne_suggestsIt() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.shuffle.groupSpilHeapRatio", "0.1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting spark.spillway.shuffle.groupSpilHeapRatio=0.1: expected a known Spillway "
            + "key (did you mean spark.spillway.shuffle.groupSpillHeapRatio?); every key is listed in the README's "
            + "configuration reference");
  }

  @Test
  void validate_unknownKeyFarFromEveryKnownOne_noSuggestion() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.teleport.enabled", "true")))
        .hasMessage("Invalid Spillway setting spark.spillway.teleport.enabled=true: expected a known Spillway key; "
            + "every key is listed in the README's configuration reference");
  }

  @Test
  void validate_severalBadValues_oneError() {
    SparkConf c = new SparkConf(false).set("spark.spillway.control.enabled", "yes")
        .set("spark.spillway.skew.sketchCapacity", "1");
    assertThatThrownBy(() -> SpillwayConf.validate(c)).isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1))
        .hasMessageStartingWith("Invalid Spillway setting spark.spillway.");
  }

  @Test
  void validate_hugeValueWithLineBreaks_messageOnOneLineAndBounded() {
    String pasted = "0.5\n" + "x".repeat(100_000);
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.shuffle.groupSpillHeapRatio", pasted)))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> {
          assertThat(e.getMessage().lines()).hasSize(1);
          assertThat(e.getMessage()).hasSizeLessThan(400)
              .startsWith("Invalid Spillway setting spark.spillway.shuffle.groupSpillHeapRatio=0.5\\nxxx")
              .contains("… (100004 chars): expected a number in [0.0, 1.0]");
        });
  }

  @Test
  void validate_malformedValueInAConfFile_sameError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("spark-defaults.conf");
    Files.writeString(file, String.join("\n",
        "spark.plugins io.spillway.runtime.SpillwayPlugin",
        "spark.spillway.shuffle.groupSpillHeapRatio   0.05 # a comment is not a comment here",
        ""), StandardCharsets.UTF_8);
    SparkConf c = new SparkConf(false);
    // how spark-submit reads --properties-file and spark-defaults.conf
    CollectionConverters.asJava(org.apache.spark.util.Utils.getPropertiesFromFile(file.toString()))
        .forEach(c::set);

    assertThatThrownBy(() -> SpillwayConf.validate(c))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting spark.spillway.shuffle.groupSpillHeapRatio=0.05 # a comment is not a "
            + "comment here: expected a number in [0.0, 1.0]");
  }

  @Test
  void editDistance_typos_counted() {
    assertThat(KeySuggestion.editDistance("monitor.enabled", "monitor.enabld", 4)).isEqualTo(1);
    assertThat(KeySuggestion.editDistance("abc", "xyz", 2)).isEqualTo(2);
    assertThat(KeySuggestion.nearest("spark.spillway.MONITOR.ENABLED", SpillwayConf.entries().stream()
        .map(ConfigEntry::key).toList())).contains("spark.spillway.monitor.enabled");
  }
}
