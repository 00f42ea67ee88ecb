package io.spillway.runtime;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;

/** A {@link PluginContext} that records what is sent, and can be told to fail sending. */
final class FakePluginContext implements PluginContext {

  final MetricRegistry metrics = new MetricRegistry();
  final List<Object> sent = new CopyOnWriteArrayList<>();
  private final SparkConf conf;
  volatile boolean failSends;

  FakePluginContext(SparkConf conf) {
    this.conf = conf;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return metrics;
  }

  @Override
  public SparkConf conf() {
    return conf;
  }

  @Override
  public String executorID() {
    return "7";
  }

  @Override
  public String hostname() {
    return "localhost";
  }

  @Override
  public Map<String, ResourceInformation> resources() {
    return Map.of();
  }

  @Override
  public void send(Object message) throws IOException {
    if (failSends) {
      throw new IOException("driver endpoint unreachable");
    }
    sent.add(message);
  }

  @Override
  public Object ask(Object message) {
    throw new UnsupportedOperationException("the executor plugin must never block on ask");
  }
}
