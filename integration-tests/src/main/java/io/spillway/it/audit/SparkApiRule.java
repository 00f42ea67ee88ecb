package io.spillway.it.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which Spark references may live outside a compat seam: the rule {@code bin/spillway audit} enforces.
 *
 * <p>A reference outside {@code io.spillway.*.compat} is allowed when it is Spark's public API:
 * <ol>
 *   <li>its class is marked as API ({@code @DeveloperApi}, {@code @Experimental}, {@code @Stable},
 *       {@code @Evolving}, {@code @Unstable}, on it or a class it is nested in) or lives in an {@code .api.}
 *       package, and is neither {@code @Private} nor Scala-private; or it is one of {@link #UNMARKED_API}, the
 *       classes Spark documents as API or extension points without marking them;</li>
 *   <li>and the member itself is not Scala-private: {@code private[spark]} or {@code protected[spark]} members
 *       of an API class (say {@code TaskMetrics.incDiskBytesSpilled}, {@code SparkEnv}'s
 *       {@code private[spark]} fields) are internal too.</li>
 * </ol>
 * Everything else is internal and is called only from the module's compat seam, where a line change is
 * handled in one place. A class reference to an internal type counts as well: naming the type is enough to
 * break when it moves or changes.
 */
final class SparkApiRule {

  /** Classes Spark leaves unmarked that are its user API or a documented extension point, with why. */
  static final Map<String, String> UNMARKED_API = Map.ofEntries(
      Map.entry("org.apache.spark.SparkConf", "user API"),
      Map.entry("org.apache.spark.SparkContext", "user API"),
      Map.entry("org.apache.spark.TaskContext", "user API"),
      Map.entry("org.apache.spark.Partition", "user API (custom RDDs)"),
      Map.entry("org.apache.spark.Partitioner", "user API"),
      Map.entry("org.apache.spark.HashPartitioner", "user API"),
      Map.entry("org.apache.spark.rdd.RDD", "user API"),
      Map.entry("org.apache.spark.rdd.PairRDDFunctions", "user API"),
      Map.entry("org.apache.spark.broadcast.Broadcast", "user API"),
      Map.entry("org.apache.spark.memory.MemoryConsumer",
          "extension point: how code outside Spark takes part in its execution memory"),
      Map.entry("org.apache.spark.memory.TaskMemoryManager", "a MemoryConsumer's constructor parameter"),
      Map.entry("org.apache.spark.memory.MemoryMode", "a MemoryConsumer's constructor parameter"),
      Map.entry("org.apache.spark.shuffle.ShuffleManager", "extension point: spark.shuffle.manager"),
      Map.entry("org.apache.spark.shuffle.ShuffleReader", "extension point: what a ShuffleManager returns"),
      Map.entry("org.apache.spark.shuffle.ShuffleWriter", "extension point: what a ShuffleManager returns"),
      Map.entry("org.apache.spark.shuffle.ShuffleReadMetricsReporter", "extension point: a ShuffleManager's parameter"),
      Map.entry("org.apache.spark.shuffle.ShuffleWriteMetricsReporter",
          "extension point: a ShuffleManager's parameter"));

  private SparkApiRule() {}

  /**
   * Empty when the reference is public API, else why it is internal.
   *
   * @param marker the class's API marker as the audit prints it ({@code none}, {@code @DeveloperApi}, …)
   */
  static String internalBecause(SparkReference ref, String marker, ScalaAccess access) {
    String owner = ref.owner();
    if (!UNMARKED_API.containsKey(owner)) {
      if (marker.contains("@Private")) {
        return "class is @Private";
      }
      if (marker.equals("none") || marker.equals("?")) {
        return "class has no API marker";
      }
      if (access.classRestricted(owner)) {
        return "class is private[spark]";
      }
    }
    if (ref.kind() != SparkReference.Kind.CLASS && !ref.name().equals("MODULE$")
        && access.memberRestricted(owner, ref.name(), parameterTypes(ref))) {
      return "member is private[spark]";
    }
    return "";
  }

  /**
   * The erased parameter types of a method reference's descriptor as Scala names them ({@code java.lang.String},
   * {@code scala.Int}, {@code scala.Array}); null for a field.
   */
  static List<String> parameterTypes(SparkReference ref) {
    if (ref.kind() != SparkReference.Kind.METHOD) {
      return null;
    }
    String d = ref.descriptor();
    List<String> types = new ArrayList<>();
    for (int i = 1; d.charAt(i) != ')'; i++) {
      char c = d.charAt(i);
      if (c == '[') {
        while (d.charAt(i + 1) == '[') {
          i++;
        }
        if (d.charAt(++i) == 'L') {
          i = d.indexOf(';', i);
        }
        types.add("scala.Array");
      } else if (c == 'L') {
        int end = d.indexOf(';', i);
        types.add(d.substring(i + 1, end).replace('/', '.').replace('$', '.'));
        i = end;
      } else {
        types.add(PRIMITIVES.get(c));
      }
    }
    return types;
  }

  private static final Map<Character, String> PRIMITIVES = Map.of('Z', "scala.Boolean", 'B', "scala.Byte",
      'C', "scala.Char", 'S', "scala.Short", 'I', "scala.Int", 'J', "scala.Long", 'F', "scala.Float",
      'D', "scala.Double");
}
