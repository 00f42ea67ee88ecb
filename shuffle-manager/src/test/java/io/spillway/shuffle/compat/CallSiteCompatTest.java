package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

class CallSiteCompatTest {

  @Test
  void shortForm_isTheCallSiteSparkShows() {
    SparkContext sc = LocalSpark.context().sc();
    sc.setCallSite("groupByKey at Job.scala:42");
    try {
      assertThat(CallSiteCompat.shortForm(sc)).isEqualTo("groupByKey at Job.scala:42");
    } finally {
      sc.clearCallSite();
    }
    assertThat(CallSiteCompat.shortForm(sc)).isNotEmpty();
  }
}
