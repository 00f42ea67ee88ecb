package io.spillway.shuffle.cogroup.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.apache.xbean.asm9.ClassReader;
import org.apache.xbean.asm9.ClassVisitor;
import org.apache.xbean.asm9.ClassWriter;
import org.apache.xbean.asm9.Label;
import org.apache.xbean.asm9.MethodVisitor;
import org.apache.xbean.asm9.Opcodes;

/**
 * Rewrites {@code org.apache.spark.rdd.CoGroupedRDD.compute(Partition, TaskContext)} to ask
 * {@link io.spillway.shuffle.cogroup.hook.CoGroupHook} first:
 *
 * <pre>
 *   Object it = CoGroupHook.compute(this, split, context);
 *   if (it != null) return (scala.collection.Iterator) it;
 *   ... Spark's own body, unchanged ...
 * </pre>
 *
 * <p>Nothing else in the class changes, and only a method with exactly that name and erased signature is
 * touched: if a Spark version renames or re-types it, nothing is rewritten, {@link #OUTCOME_PROPERTY} says so,
 * and Spark's code runs. The bytecode work uses the ASM that Spark itself ships for its closure cleaner
 * ({@code xbean-asm9-shaded}, on every executor's class path), so the agent adds no library.
 *
 * <p>A class-file transformer must never fail class loading: an exception or linkage error leaves the class as it
 * was and is recorded in {@link #OUTCOME_PROPERTY} (the JVM ignores what a transformer throws; an
 * {@code OutOfMemoryError} is not caught here).
 */
public final class CoGroupComputeTransformer implements ClassFileTransformer {

  /** Internal name of the class rewritten. */
  public static final String TARGET = "org/apache/spark/rdd/CoGroupedRDD";
  static final String METHOD = "compute";
  static final String DESCRIPTOR = "(Lorg/apache/spark/Partition;Lorg/apache/spark/TaskContext;)Lscala/collection/Iterator;";
  static final String HOOK = "io/spillway/shuffle/cogroup/hook/CoGroupHook";

  /** System property: {@code rewritten}, {@code method not found}, or {@code failed: <error>}. */
  public static final String OUTCOME_PROPERTY = "spillway.cogroup.rewrite";

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (!TARGET.equals(className)) {
      return null;
    }
    try {
      byte[] rewritten = rewrite(classfileBuffer);
      System.setProperty(OUTCOME_PROPERTY, rewritten == null ? "method not found" : "rewritten");
      return rewritten;
    } catch (Exception | LinkageError t) { // leave the class as it was; the outcome says what went wrong
      System.setProperty(OUTCOME_PROPERTY, "failed: " + t);
      return null;
    }
  }

  /** The class with its {@code compute} asking the hook first, or null when it has no such method. */
  public static byte[] rewrite(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    // COMPUTE_MAXS only: frames are the original ones plus the one added, so no class needs loading here
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    RewritingVisitor visitor = new RewritingVisitor(writer);
    reader.accept(visitor, 0);
    return visitor.found ? writer.toByteArray() : null;
  }

  /** Passes the class through, sending {@code compute(Partition, TaskContext)} through {@link HookFirst}. */
  private static final class RewritingVisitor extends ClassVisitor {
    boolean found;

    RewritingVisitor(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (METHOD.equals(name) && DESCRIPTOR.equals(descriptor) && (access & Opcodes.ACC_STATIC) == 0) {
        found = true;
        return new HookFirst(mv);
      }
      return mv;
    }
  }

  /** Inserts the hook call before the method's first instruction. */
  private static final class HookFirst extends MethodVisitor {
    HookFirst(MethodVisitor mv) {
      super(Opcodes.ASM9, mv);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      Label sparksOwn = new Label();
      visitVarInsn(Opcodes.ALOAD, 0);
      visitVarInsn(Opcodes.ALOAD, 1);
      visitVarInsn(Opcodes.ALOAD, 2);
      visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "compute",
          "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
      visitInsn(Opcodes.DUP);
      visitJumpInsn(Opcodes.IFNULL, sparksOwn);
      visitTypeInsn(Opcodes.CHECKCAST, "scala/collection/Iterator");
      visitInsn(Opcodes.ARETURN);
      visitLabel(sparksOwn);
      // the method's entry locals, the hook's null on the stack (compressed frame, as the class's own are)
      visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
      visitInsn(Opcodes.POP);
    }
  }
}
