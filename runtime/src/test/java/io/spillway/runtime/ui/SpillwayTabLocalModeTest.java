package io.spillway.runtime.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spillway.runtime.SpillwayPlugin;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

/**
 * The tab in a real local-mode SparkContext's UI: the driver plugin attaches it, a posted Spillway event reaches
 * it through the listener bus, and both the page and its JSON form are served.
 */
class SpillwayTabLocalModeTest {

  private static SparkConf conf() {
    return new SparkConf(false)
        .setMaster("local[1]")
        .setAppName("spillway-ui-test")
        .set("spark.plugins", SpillwayPlugin.class.getName())
        .set("spark.ui.enabled", "true")
        .set("spark.ui.port", "0")
        .set("spark.driver.host", "localhost");
  }

  @Test
  void liveUi_postedSkewReport_appearsInPageAndJson() throws Exception {
    SparkContext sc = new SparkContext(conf());
    try {
      sc.listenerBus().post(UiEvents.skew(0, "<hot & key>", "salt the key"));
      sc.listenerBus().waitUntilEmpty();
      String base = sc.uiWebUrl().get();

      assertThat(get(base + "/jobs/").body).contains("/spillway/\">Spillway</a>");
      Response page = get(base + "/spillway/");
      assertThat(page.status).isEqualTo(200);
      assertThat(page.body).contains("<title>").contains("Hot keys per shuffle")
          .contains("<code>&lt;hot &amp; key&gt;</code>").contains("spark.spillway.ui.enabled");

      Response json = get(base + "/spillway/json");
      assertThat(json.status).isEqualTo(200);
      JsonNode tree = new ObjectMapper().readTree(json.body);
      assertThat(tree.get("schemaVersion").asInt()).isEqualTo(SummaryJson.SCHEMA_VERSION);
      assertThat(tree.at("/shuffles/0/keys/0/key").asText()).isEqualTo("<hot & key>");
    } finally {
      sc.stop();
    }
  }

  @Test
  void liveUi_uiSwitchOff_noTab() throws Exception {
    SparkContext sc = new SparkContext(conf().set("spark.spillway.ui.enabled", "false"));
    try {
      String base = sc.uiWebUrl().get();
      Response jobs = get(base + "/jobs/");
      assertThat(jobs.status).isEqualTo(200);
      assertThat(jobs.body).contains("Jobs</a>").doesNotContain("Spillway</a>");
      assertThat(get(base + "/spillway/").body).doesNotContain("Hot keys per shuffle");
    } finally {
      sc.stop();
    }
  }

  private record Response(int status, String body) {}

  private static Response get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setInstanceFollowRedirects(true);
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      c.disconnect();
    }
  }
}
