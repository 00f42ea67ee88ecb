package io.spillway.runtime.ui;

import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.api.Test;

class SpillwayPageHtmlTest {

  /** The opening tags a page may hold; anything else would have come from a value that escaped escaping. */
  private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)");

  private static SpillwayUiListener hostileRun() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.useSettingsOf(new SparkConf(false).set("spark.spillway.skew.keyRenderChars", "64"));
    l.onOtherEvent(UiEvents.change("1", NORMAL, ELEVATED, 1_000));
    l.onOtherEvent(UiEvents.change("1", ELEVATED, HIGH, 2_000));
    l.onOtherEvent(UiEvents.change("<img src=x onerror=alert(1)>", NORMAL, HIGH, 1_500));
    l.onOtherEvent(UiEvents.action("1", "fetchThrottle\"><script>", 2_100, "</td></tr></table><script>alert(2)</script>"));
    l.onOtherEvent(UiEvents.skew(0, "<script>alert(3)</script>", "use <b>SkewJoin</b> & salt"));
    l.onOtherEvent(UiEvents.skew(1, "x".repeat(5_000_000), ""));
    l.onOtherEvent(UiEvents.skew(2, new String(new char[] {0, 1, 2, 0xD800, '<'}), ""));
    return l;
  }

  @Test
  void render_hostileKeysAndDetails_onlyThePagesOwnTagsAppear() {
    String html = SpillwayPageHtml.render(hostileRun().snapshot(), 3_000, "/spillway/json?a=1&b=\"2\"");
    Matcher m = TAG.matcher(html);
    while (m.find()) {
      assertThat(m.group(1)).isIn("div", "p", "a", "h4", "h5", "span", "svg", "text", "rect", "title", "circle",
          "line", "table", "thead", "tbody", "tr", "th", "td", "code", "br", "b");
    }
    assertThat(html).contains("&lt;script&gt;alert(3)&lt;/script&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("use &lt;b&gt;SkewJoin&lt;/b&gt; &amp; salt")
        .contains("\\u0000\\u0001\\u0002\\uD800&lt;")
        .contains("href=\"/spillway/json?a=1&amp;b=&quot;2&quot;\"");
  }

  @Test
  void render_fiveMillionCharKey_pageStaysSmall() {
    String html = SpillwayPageHtml.render(hostileRun().snapshot(), 3_000, "json");
    assertThat(html.length()).isLessThan(100_000);
    assertThat(html).contains("(5000000 chars)");
  }

  @Test
  void render_hotKeyAndPressure_showKeyPartitionRemedyAndLevels() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onOtherEvent(UiEvents.change("7", NORMAL, HIGH, 1_000));
    l.onOtherEvent(UiEvents.skew(4, "0", "Spillway streamed the key's group to disk"));
    String html = SpillwayPageHtml.render(l.snapshot(), 2_000, "json");
    assertThat(html).contains("<td><code>0</code></td><td>0</td>").contains("HOT")
        .contains("Spillway streamed the key&#39;s group to disk")
        .contains("<td>7</td><td>HIGH</td><td>HIGH</td><td>1</td><td>NORMAL → HIGH at")
        .contains("<svg class=\"spillway-timeline\"").contains("executor 7: HIGH from +0.0 s to +1.0 s");
  }

  @Test
  void render_nothingReported_saysSo() {
    String html = SpillwayPageHtml.render(new SpillwayUiListener(SummaryLimits.DEFAULT).snapshot(), 0, "json");
    assertThat(html).contains("No executor has registered yet").contains("No pressure action was taken")
        .contains("No shuffle skew report yet");
  }

  @Test
  void render_executorsThatStayedNormal_drawnAsNormalFromRegistrationToRemoval() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onExecutorAdded(UiEvents.added("1", 1_000));
    l.onExecutorAdded(UiEvents.added("2", 2_000));
    l.onExecutorRemoved(new SparkListenerExecutorRemoved(3_000, "2", "lost"));
    String html = SpillwayPageHtml.render(l.snapshot(), 4_000, "json");
    assertThat(html).contains("No executor reported a pressure change: every executor stayed NORMAL")
        .contains("executor 1: NORMAL from +0.0 s to +3.0 s").contains("executor 2: NORMAL from +1.0 s to +2.0 s")
        .contains("<td>1</td><td>NORMAL</td><td>NORMAL</td><td>0</td>");
  }
}
