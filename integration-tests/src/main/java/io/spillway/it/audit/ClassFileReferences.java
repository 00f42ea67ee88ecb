package io.spillway.it.audit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the Spark references out of one class file's constant pool (JVMS §4.4): every {@code Class},
 * {@code Fieldref}, {@code Methodref} and {@code InterfaceMethodref} whose class is under
 * {@code org/apache/spark/}. The superclass and interfaces are class entries too, so subclassing counts.
 * Only the constant pool is read: that is everything the JVM will link.
 */
public final class ClassFileReferences {

  private static final String SPARK_PREFIX = "org/apache/spark/";

  private ClassFileReferences() {}

  public static List<SparkReference> read(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    Object[] pool = new Object[count];
    int[] tags = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case 1 -> pool[i] = in.readUTF(); // Utf8
        case 3, 4 -> in.readInt(); // Integer, Float
        case 5, 6 -> { // Long, Double take two slots
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> pool[i] = new int[] {in.readUnsignedShort()}; // Class, String, MethodType, Module, Package
        case 9, 10, 11, 12, 17, 18 -> pool[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> pool[i] = new int[] {in.readUnsignedByte(), in.readUnsignedShort()}; // MethodHandle
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    in.readUnsignedShort(); // access flags
    String self = className(pool, in.readUnsignedShort()).replace('/', '.');
    Set<SparkReference> refs = new LinkedHashSet<>();
    for (int i = 1; i < count; i++) {
      switch (tags[i]) {
        case 7 -> {
          String name = className(pool, i);
          String element = name.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
          if (element.startsWith(SPARK_PREFIX)) {
            refs.add(new SparkReference(self, SparkReference.Kind.CLASS, element.replace('/', '.'), "", ""));
          }
        }
        case 9, 10, 11 -> {
          int[] ref = (int[]) pool[i];
          String owner = className(pool, ref[0]);
          if (owner.startsWith(SPARK_PREFIX)) {
            int[] nat = (int[]) pool[ref[1]];
            refs.add(new SparkReference(self, tags[i] == 9 ? SparkReference.Kind.FIELD : SparkReference.Kind.METHOD,
                owner.replace('/', '.'), (String) pool[nat[0]], (String) pool[nat[1]]));
          }
        }
        default -> { }
      }
    }
    return new ArrayList<>(refs);
  }

  private static String className(Object[] pool, int classIndex) {
    return (String) pool[((int[]) pool[classIndex])[0]];
  }
}
