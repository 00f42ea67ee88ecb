package io.spillway.it.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The audit of Spillway's Spark references ({@code bin/spillway audit}): lists every Spark class, method and
 * field the main classes reference, where from, whether each links on every supported Spark line, whether
 * Spark marks the class as API ({@code @DeveloperApi}, {@code @Stable}, …) and whether it is Spark's public
 * API by {@link SparkApiRule}.
 *
 * <p>The two rules it checks, each a violation that makes it exit 1: a reference outside a compat seam
 * ({@code io.spillway.*.compat} and below) must be public API ({@link SparkApiRule}: marked or documented API,
 * not {@code private[spark]}, read from the Scala signatures), and it must link on every supported line. Inside
 * a seam anything goes: a per-line shim is chosen there at start, and a reference that does not link on a line
 * is used only on the others.
 *
 * <p>Usage: {@code SparkLinkageAudit --classes DIR[,DIR…] --spark LINE=JARS_DIR [--spark …]}.
 */
public final class SparkLinkageAudit {

  private SparkLinkageAudit() {}

  public static void main(String[] args) throws IOException {
    List<Path> classDirs = new ArrayList<>();
    Map<String, Path> lines = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--classes" -> {
          for (String d : args[++i].split(",")) {
            classDirs.add(Path.of(d));
          }
        }
        case "--spark" -> {
          String[] kv = args[++i].split("=", 2);
          lines.put(kv[0], Path.of(kv[1]));
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: --classes DIR[,DIR...] --spark LINE=JARS_DIR [--spark ...]");
      }
    }
    if (classDirs.isEmpty() || lines.isEmpty()) {
      throw new IllegalArgumentException("usage: --classes DIR[,DIR...] --spark LINE=JARS_DIR [--spark ...]");
    }
    List<SparkLinkage> linkages = new ArrayList<>();
    for (Map.Entry<String, Path> e : lines.entrySet()) {
      linkages.add(new SparkLinkage(e.getKey(), e.getValue()));
    }
    int violations = report(references(classDirs), linkages, System.out);
    for (SparkLinkage l : linkages) {
      l.close();
    }
    System.exit(violations == 0 ? 0 : 1);
  }

  /** Every Spark reference of every class under {@code classDirs}. */
  static List<SparkReference> references(List<Path> classDirs) throws IOException {
    List<SparkReference> refs = new ArrayList<>();
    for (Path dir : classDirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")).sorted()::iterator) {
          refs.addAll(ClassFileReferences.read(Files.readAllBytes(f)));
        }
      }
    }
    return refs;
  }

  /**
   * Prints the listing; returns the number of members outside a seam that are internal or do not link on every
   * line. Markers and Scala access are read from the first line's jars.
   */
  static int report(List<SparkReference> refs, List<SparkLinkage> linkages, PrintStream out) {
    Map<String, List<SparkReference>> outside = new TreeMap<>();
    Map<String, List<SparkReference>> inside = new TreeMap<>();
    for (SparkReference r : refs) {
      (r.inSeam() ? inside : outside).computeIfAbsent(r.member(), k -> new ArrayList<>()).add(r);
    }
    String lineNames = String.join(", ", linkages.stream().map(SparkLinkage::line).toList());
    out.printf("Spark references of Spillway's main classes, checked against Spark %s%n", lineNames);
    out.printf("%d references: %d distinct members outside the compat seams, %d inside%n%n", refs.size(),
        outside.size(), inside.size());
    int violations = 0;
    int internal = 0;
    TreeSet<String> internalFrom = new TreeSet<>();
    out.println("## Outside the compat seams (each must be public API and link on every line)");
    out.println("member | Spark API marker of its class | public API | links | referenced from");
    for (Map.Entry<String, List<SparkReference>> e : outside.entrySet()) {
      SparkReference ref = e.getValue().get(0);
      String problems = problems(ref, linkages);
      String marker = apiMarker(ref, linkages.get(0));
      String internalBecause = SparkApiRule.internalBecause(ref, marker, linkages.get(0).scalaAccess());
      if (!problems.isEmpty() || !internalBecause.isEmpty()) {
        violations++;
      }
      if (!internalBecause.isEmpty()) {
        internal++;
        internalFrom.addAll(List.of(from(e.getValue()).split(", ")));
      }
      out.printf("%s | %s | %s | %s | %s%n", e.getKey(), marker,
          internalBecause.isEmpty() ? "yes" : "VIOLATION: internal (" + internalBecause + ")",
          problems.isEmpty() ? "all lines" : "VIOLATION: " + problems, from(e.getValue()));
    }
    out.println();
    out.println("## Inside the compat seams (a reference that does not link on a line is used only on the others)");
    out.println("member | links | referenced from");
    for (Map.Entry<String, List<SparkReference>> e : inside.entrySet()) {
      String problems = problems(e.getValue().get(0), linkages);
      out.printf("%s | %s | %s%n", e.getKey(), problems.isEmpty() ? "all lines" : problems, from(e.getValue()));
    }
    out.println();
    Map<String, Integer> byMarker = new TreeMap<>();
    TreeSet<String> unmarkedOutside = new TreeSet<>();
    for (List<SparkReference> rs : outside.values()) {
      String marker = apiMarker(rs.get(0), linkages.get(0));
      byMarker.merge(marker, 1, Integer::sum);
      if (marker.equals("none")) {
        unmarkedOutside.add(rs.get(0).owner());
      }
    }
    out.printf("Outside the seams by API marker: %s%n", byMarker);
    out.printf("Classes without an API marker referenced outside the seams (%d): %s%n", unmarkedOutside.size(),
        String.join(", ", unmarkedOutside));
    out.printf("Internal members referenced outside the seams (%d), from: %s%n", internal,
        String.join(", ", internalFrom));
    out.printf("%s: %d member(s) outside the compat seams that are internal or do not link on every line%n",
        violations == 0 ? "OK" : "FAILED", violations);
    return violations;
  }

  private static String problems(SparkReference ref, List<SparkLinkage> linkages) {
    List<String> problems = new ArrayList<>();
    for (SparkLinkage l : linkages) {
      String p = l.problem(ref);
      if (!p.isEmpty()) {
        problems.add(l.line() + ": " + p);
      }
    }
    return String.join("; ", problems);
  }

  private static String from(List<SparkReference> refs) {
    TreeSet<String> classes = new TreeSet<>();
    for (SparkReference r : refs) {
      classes.add(r.fromClass().replace("io.spillway.", ""));
    }
    return String.join(", ", classes);
  }

  /** Spark's API annotations on the owner class (or its enclosing class), read in one line's loader. */
  private static String apiMarker(SparkReference ref, SparkLinkage linkage) {
    try {
      Class<?> c = linkage.load(ref.owner());
      TreeSet<String> markers = new TreeSet<>();
      for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
        for (Annotation a : k.getAnnotations()) {
          String name = a.annotationType().getName();
          if (name.startsWith("org.apache.spark.annotation.")) {
            markers.add("@" + a.annotationType().getSimpleName());
          }
        }
      }
      if (markers.isEmpty() && c.getPackageName().contains(".api.")) {
        markers.add("api package");
      }
      return markers.isEmpty() ? "none" : String.join(" ", markers);
    } catch (ClassNotFoundException | LinkageError e) {
      return "?";
    }
  }
}
