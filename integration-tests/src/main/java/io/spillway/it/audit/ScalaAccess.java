package io.spillway.it.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scala's qualified access ({@code private[spark]}, {@code protected[spark]}, {@code private}) of Spark's classes and
 * members, read from their Scala signatures with scala-reflect. The bytecode makes every {@code private[spark]}
 * member public, so a linkage check cannot tell Spark's internals from its API; the signature can.
 *
 * <p>scala-reflect runs inside one line's class loader (it must read the {@code ScalaSignature} annotation of
 * that loader's classes), so it is driven by reflection: this module does not link against Scala's reflection
 * API, only the line's jars hold it. A class without a Scala signature (a Java class) has no qualified access:
 * its privacy is in the bytecode, where the linkage check already sees it.
 */
final class ScalaAccess {

  /** One overload of a member: its access and, for a method, its erased parameter types (null for a field). */
  private record Overload(boolean restricted, List<String> parameterTypes) {}

  private final ClassLoader loader;
  private final Object mirror;
  private final Map<String, Boolean> classRestricted = new HashMap<>();
  private final Map<String, Map<String, List<Overload>>> members = new HashMap<>();

  ScalaAccess(ClassLoader loader) {
    this.loader = loader;
    try {
      Class<?> runtime = Class.forName("scala.reflect.runtime.package$", true, loader);
      Object universe = call(runtime.getField("MODULE$").get(null), "universe");
      this.mirror = call(universe, "runtimeMirror", loader);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("scala-reflect is not usable from the Spark jars' loader", e);
    }
  }

  /** Whether the class, or a class it is nested in, is qualified-private or private in Scala. */
  boolean classRestricted(String className) {
    return classRestricted.computeIfAbsent(className, n -> {
      Object sym = symbol(n);
      try {
        for (Object s = sym; s != null && (Boolean) call(s, "isClass"); s = call(s, "owner")) {
          if ((Boolean) call(s, "hasAccessBoundary") || (Boolean) call(s, "isPrivate")) {
            return true;
          }
        }
        return false;
      } catch (ReflectiveOperationException e) {
        return false;
      }
    });
  }

  /**
   * Whether the member named {@code name} is qualified-private, qualified-protected or private in Scala, in the
   * class or the class it inherits it from. When its overloads differ in access, the one whose erased parameter
   * types are {@code parameterTypes} (Scala's names: {@code java.lang.String}, {@code scala.Int}, {@code scala.Array})
   * decides; when none matches, the member counts as restricted (the audit errs towards moving).
   */
  boolean memberRestricted(String className, String name, List<String> parameterTypes) {
    List<Overload> overloads = members.computeIfAbsent(className, this::readMembers).getOrDefault(name, List.of());
    if (overloads.isEmpty()) {
      return false;
    }
    boolean anyRestricted = overloads.stream().anyMatch(Overload::restricted);
    boolean allRestricted = overloads.stream().allMatch(Overload::restricted);
    if (!anyRestricted || allRestricted) {
      return anyRestricted;
    }
    List<Overload> same = overloads.stream().filter(o -> parameterTypes.equals(o.parameterTypes())).toList();
    return same.isEmpty() || same.stream().anyMatch(Overload::restricted);
  }

  private Map<String, List<Overload>> readMembers(String className) {
    Map<String, List<Overload>> byName = new HashMap<>();
    Object sym = symbol(className);
    if (sym == null) {
      return byName;
    }
    try {
      Object type = call(sym, "info");
      Object it = call(call(call(type, "members"), "toList"), "iterator");
      while ((Boolean) call(it, "hasNext")) {
        Object s = call(it, "next");
        String name = call(call(s, "name"), "toString").toString();
        if (name.endsWith(" ")) {
          continue; // the field behind a val: its getter carries the val's access
        }
        boolean restricted = (Boolean) call(s, "hasAccessBoundary") || (Boolean) call(s, "isPrivate");
        List<String> types;
        try {
          types = parameterTypes(s);
        } catch (ReflectiveOperationException e) {
          types = List.of("?"); // a signature scala-reflect cannot complete matches no reference
        }
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Overload(restricted, types));
      }
    } catch (ReflectiveOperationException e) {
      // a symbol scala-reflect cannot complete: no Scala access known, the marker rule alone decides
    }
    return byName;
  }

  private static List<String> parameterTypes(Object symbol) throws ReflectiveOperationException {
    if (!(Boolean) call(symbol, "isMethod")) {
      return null;
    }
    List<String> types = new ArrayList<>();
    Object lists = call(call(symbol, "paramss"), "iterator");
    while ((Boolean) call(lists, "hasNext")) {
      Object params = call(call(lists, "next"), "iterator");
      while ((Boolean) call(params, "hasNext")) {
        Object erased = call(call(call(params, "next"), "info"), "erasure");
        types.add(call(call(erased, "typeSymbol"), "fullName").toString());
      }
    }
    return types;
  }

  /** The Scala symbol of a class ({@code Foo$} is the class of the object {@code Foo}); null if not Scala. */
  private Object symbol(String className) {
    try {
      Class<?> c = Class.forName(className, false, loader);
      if (!hasScalaSignature(c)) {
        return null;
      }
      return className.endsWith("$")
          ? call(call(mirror, "moduleSymbol", c), "moduleClass")
          : call(mirror, "classSymbol", c);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** Whether the class was compiled from Scala: it, its top-level class or (for {@code Foo$}) {@code Foo} has a signature. */
  private static boolean hasScalaSignature(Class<?> c) throws ClassNotFoundException {
    Class<?> top = c;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    if (annotatedScala(c) || annotatedScala(top)) {
      return true;
    }
    String name = top.getName();
    return name.endsWith("$")
        && annotatedScala(Class.forName(name.substring(0, name.length() - 1), false, c.getClassLoader()));
  }

  private static boolean annotatedScala(Class<?> c) {
    for (java.lang.annotation.Annotation a : c.getDeclaredAnnotations()) {
      String n = a.annotationType().getName();
      if (n.equals("scala.reflect.ScalaSignature") || n.equals("scala.reflect.ScalaLongSignature")) {
        return true;
      }
    }
    return false;
  }

  private static Object call(Object target, String method, Object... args) throws ReflectiveOperationException {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw new ReflectiveOperationException(method + " on " + target.getClass().getName(), e.getCause());
        }
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + "." + method + "/" + args.length);
  }
}
