package io.spillway.runtime.compat;

import io.spillway.runtime.ui.SpillwayPageHtml;
import io.spillway.runtime.ui.SpillwaySummary;
import io.spillway.runtime.ui.SummaryJson;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.ui.SparkUI;
import org.apache.spark.ui.SparkUITab;
import org.apache.spark.ui.UIUtils;
import org.apache.spark.ui.WebUIPage;
import org.json4s.AsJsonInput$;
import org.json4s.JValue;
import org.json4s.jackson.JsonMethods$;
import scala.Function0;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.xml.Node;
import scala.xml.Unparsed;

/**
 * The Spillway tab in Spark's web UI. Spark's UI classes ({@code SparkUI}, {@code SparkUITab}, {@code WebUIPage},
 * {@code UIUtils}) are {@code private[spark]} Scala, so Spillway touches them only here: a tab with one page whose
 * HTML is {@link SpillwayPageHtml}'s fragment inside Spark's page header, and whose {@code json} sub-path (Spark's
 * {@code renderJson} route, {@code /spillway/json}) serves {@link SummaryJson}.
 *
 * <p>Spark's page header, {@code UIUtils.headerSparkPage}, takes seven parameters on 4.0 and 4.1 and eight on 4.2
 * (a trailing flag), all past the fourth with Scala defaults; {@link #HEADER} is whichever the running Spark has,
 * called with the request, title, content and tab and the defaults ({@code headerSparkPage$default$N}) for the
 * rest, so one jar serves every line.
 */
public final class SparkUiCompat {

  /** The tab's path under the UI and, capitalized by Spark, its name in the navigation bar. */
  public static final String TAB_PREFIX = "spillway";

  /** The running Spark's {@code UIUtils.headerSparkPage}. */
  private static final Method HEADER = headerSparkPage();

  /** The parameters before the first one with a Scala default. */
  private static final int HEADER_REQUIRED_PARAMETERS = 4;

  private SparkUiCompat() {}

  /**
   * Adds the tab to {@code sc}'s live UI, drawing from {@code summary} at each request; false when the UI is off
   * ({@code spark.ui.enabled=false}).
   */
  public static boolean attachLive(SparkContext sc, Supplier<SpillwaySummary> summary) {
    Option<SparkUI> ui = sc.ui();
    if (ui.isEmpty()) {
      return false;
    }
    attach(ui.get(), summary, true);
    return true;
  }

  /**
   * Adds the tab to {@code ui}. {@code live}: the timeline's right edge is now; else (History Server) the
   * application's end, or its last event when it never logged one.
   */
  static void attach(SparkUI ui, Supplier<SpillwaySummary> summary, boolean live) {
    SpillwayTab tab = new SpillwayTab(ui);
    tab.attachPage(new SpillwayPage(tab, summary, live));
    ui.attachTab(tab);
  }

  /** Spark's page around {@code content}, with its header and navigation bar. */
  @SuppressWarnings("unchecked")
  private static Seq<Node> page(HttpServletRequest request, Function0<Seq<Node>> content, SparkUITab tab) {
    Object[] args = new Object[HEADER.getParameterCount()];
    args[0] = request;
    args[1] = "Spillway";
    args[2] = content;
    args[3] = tab;
    try {
      for (int i = HEADER_REQUIRED_PARAMETERS; i < args.length; i++) {
        args[i] = UIUtils.class.getMethod("headerSparkPage$default$" + (i + 1)).invoke(null);
      }
      return (Seq<Node>) HEADER.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Spark's UIUtils.headerSparkPage could not be called", e);
    }
  }

  private static Method headerSparkPage() {
    for (Method m : UIUtils.class.getMethods()) {
      if (m.getName().equals("headerSparkPage") && Modifier.isStatic(m.getModifiers())
          && m.getParameterCount() >= HEADER_REQUIRED_PARAMETERS
          && m.getParameterTypes()[2] == Function0.class && SparkUITab.class == m.getParameterTypes()[3]) {
        return m;
      }
    }
    throw new IllegalStateException("this Spark has no UIUtils.headerSparkPage(request, title, content, tab, ...)");
  }

  private static final class SpillwayTab extends SparkUITab {
    SpillwayTab(SparkUI ui) {
      super(ui, TAB_PREFIX);
    }
  }

  private static final class SpillwayPage extends WebUIPage {
    private final SpillwayTab tab;
    private final Supplier<SpillwaySummary> summary;
    private final boolean live;

    SpillwayPage(SpillwayTab tab, Supplier<SpillwaySummary> summary, boolean live) {
      super("");
      this.tab = tab;
      this.summary = summary;
      this.live = live;
    }

    @Override
    public Seq<Node> render(HttpServletRequest request) {
      SpillwaySummary s = summary.get();
      String jsonHref = UIUtils.prependBaseUri(request, tab.basePath(), "/" + TAB_PREFIX + "/json");
      String html = SpillwayPageHtml.render(s, live ? System.currentTimeMillis() : s.lastEventMillis(), jsonHref);
      Seq<Node> content = CollectionConverters.asScala(List.<Node>of(new Unparsed(html))).toList();
      return page(request, () -> content, tab);
    }

    @Override
    public JValue renderJson(HttpServletRequest request) {
      // Parsed from text: json4s's fromJsonNode goes through Jackson's tree parser, which fails on a class path
      // that mixes jackson-core and jackson-databind versions (a Maven-resolved Spark 4.0 has one).
      return JsonMethods$.MODULE$.parse(SummaryJson.write(summary.get()), false, true,
          AsJsonInput$.MODULE$.stringAsJsonInput());
    }
  }
}
