package io.spillway.it.cases;

import org.apache.spark.sql.SparkSession;

/** A small local-mode session for running a case's tiny instance in a unit test. */
final class LocalSessions {

  private LocalSessions() {}

  static SparkSession start(String appName) {
    return SparkSession.builder().master("local[2]").appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
