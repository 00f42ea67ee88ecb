package io.spillway.it.audit;

import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a {@link SparkReference} links against one Spark line's jars: the class loads, and the method or
 * field is found by name and descriptor in it or its supertypes, as the JVM would resolve it (JVMS §5.4.3).
 * Classes are loaded without initialising them, in a loader that sees only that line's jars.
 */
public final class SparkLinkage implements AutoCloseable {

  private final String line;
  private final URLClassLoader loader;
  private ScalaAccess scalaAccess;

  /** @param jarsDir a {@code SPARK_HOME/jars} directory of one Spark line */
  public SparkLinkage(String line, Path jarsDir) throws IOException {
    this.line = line;
    try (Stream<Path> jars = Files.list(jarsDir)) {
      URL[] urls = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(SparkLinkage::url).toArray(URL[]::new);
      if (urls.length == 0) {
        throw new IOException("no jars in " + jarsDir);
      }
      this.loader = new URLClassLoader("spark-" + line, urls, ClassLoader.getPlatformClassLoader());
    }
  }

  public String line() {
    return line;
  }

  /** The named class in this line's loader, not initialised. */
  public Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  /** Scala access of this line's classes and members, read once when first asked. */
  public synchronized ScalaAccess scalaAccess() {
    if (scalaAccess == null) {
      scalaAccess = new ScalaAccess(loader);
    }
    return scalaAccess;
  }

  /** Empty when it links, else why not (the missing class or member). */
  public String problem(SparkReference ref) {
    Class<?> owner;
    try {
      owner = Class.forName(ref.owner(), false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return "no class " + ref.owner();
    }
    try {
      return switch (ref.kind()) {
        case CLASS -> "";
        case METHOD -> hasMethod(owner, ref.name(), ref.descriptor()) ? "" : "no method " + ref.name() + ref.descriptor();
        case FIELD -> hasField(owner, ref.name(), ref.descriptor()) ? "" : "no field " + ref.name() + ":" + ref.descriptor();
      };
    } catch (LinkageError e) {
      return "cannot inspect " + ref.owner() + ": " + e;
    }
  }

  private boolean hasMethod(Class<?> owner, String name, String descriptor) {
    if (name.equals("<init>")) {
      for (Constructor<?> c : owner.getDeclaredConstructors()) {
        if (MethodType.methodType(void.class, c.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
          return true;
        }
      }
      return false;
    }
    for (Class<?> type : supertypes(owner)) {
      for (Method m : type.getDeclaredMethods()) {
        if (m.getName().equals(name)
            && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean hasField(Class<?> owner, String name, String descriptor) {
    for (Class<?> type : supertypes(owner)) {
      for (Field f : type.getDeclaredFields()) {
        if (f.getName().equals(name) && f.getType().descriptorString().equals(descriptor)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The class, its superclasses and all their interfaces, breadth first. */
  private static List<Class<?>> supertypes(Class<?> start) {
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>(List.of(start));
    List<Class<?>> order = new java.util.ArrayList<>();
    while (!queue.isEmpty()) {
      Class<?> c = queue.poll();
      if (!seen.add(c)) {
        continue;
      }
      order.add(c);
      if (c.getSuperclass() != null) {
        queue.add(c.getSuperclass());
      }
      queue.addAll(List.of(c.getInterfaces()));
    }
    if (start.isInterface()) {
      order.add(Object.class); // a call through an interface type may name Object's methods
    }
    return order;
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(p.toString(), e);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
