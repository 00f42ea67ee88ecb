package io.spillway.it.harness;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine and software a report was produced on, so that figures from two reports can be compared. */
final class EnvironmentInfo {

  private EnvironmentInfo() {}

  static Map<String, String> collect() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      env.put("memory", ReportTable.bytes(os.getTotalMemorySize()));
    }
    env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    env.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    return env;
  }
}
