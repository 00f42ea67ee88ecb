package io.spillway.it.audit;

/**
 * One reference from a Spillway class to a Spark member, as the class file names it.
 *
 * @param fromClass the referencing class, binary name with dots ({@code io.spillway.shuffle.X})
 * @param kind what is referenced: a class (also superclass or interface), a method or a field
 * @param owner the Spark class the member is looked up in, dotted binary name
 * @param name the member name ({@code <init>} for constructors); empty for a class reference
 * @param descriptor the JVM descriptor of the method or field; empty for a class reference
 */
public record SparkReference(String fromClass, Kind kind, String owner, String name, String descriptor) {

  /** What a reference names. */
  public enum Kind { CLASS, METHOD, FIELD }

  /** The member as one would read it: {@code Owner}, {@code Owner.name(desc)} or {@code Owner.name:desc}. */
  public String member() {
    return switch (kind) {
      case CLASS -> owner;
      case METHOD -> owner + "." + name + descriptor;
      case FIELD -> owner + "." + name + ":" + descriptor;
    };
  }

  /** Whether the referencing class lives in a compat seam package ({@code ...compat} or below it). */
  public boolean inSeam() {
    return fromClass.contains(".compat.");
  }
}
