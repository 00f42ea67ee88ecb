package io.spillway.shuffle.cogroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.cogroup.agent.CoGroupComputeTransformer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.xbean.asm9.ClassReader;
import org.apache.xbean.asm9.ClassVisitor;
import org.apache.xbean.asm9.MethodVisitor;
import org.apache.xbean.asm9.Opcodes;
import org.junit.jupiter.api.Test;

/** The rewrite of Spark's own {@code CoGroupedRDD} class file, and the agent jar the installer writes. */
class CoGroupComputeTransformerTest {

  private static byte[] sparksCoGroupedRdd() throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(CoGroupComputeTransformer.TARGET + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Defines the rewritten class itself (everything else from the parent) and links it, which verifies it. */
  private static final class RewrittenLoader extends ClassLoader {
    private final byte[] rewritten;

    RewrittenLoader(byte[] rewritten) {
      super(CoGroupComputeTransformerTest.class.getClassLoader());
      this.rewritten = rewritten;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(CoGroupComputeTransformer.TARGET.replace('/', '.'))) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          return c != null ? c : defineClass(name, rewritten, 0, rewritten.length);
        }
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void sparksComputeIsRewrittenToAskTheHookFirstAndTheClassStillVerifies() throws Exception {
    byte[] rewritten = CoGroupComputeTransformer.rewrite(sparksCoGroupedRdd());
    assertThat(rewritten).isNotNull();
    List<String> firstCalls = new java.util.ArrayList<>();
    new ClassReader(rewritten).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        if (!name.equals("compute")) {
          return null;
        }
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
            if (firstCalls.isEmpty()) {
              firstCalls.add(owner + "." + method);
            }
          }
        };
      }
    }, 0);
    assertThat(firstCalls).containsExactly("io/spillway/shuffle/cogroup/hook/CoGroupHook.compute");
    // linking verifies the bytecode (stack map frames included) against the real Spark classes
    Class<?> linked = Class.forName(CoGroupComputeTransformer.TARGET.replace('/', '.'), true, new RewrittenLoader(rewritten));
    assertThat(linked.getDeclaredMethods()).anyMatch(m -> m.getName().equals("compute"));
  }

  @Test
  void onlyCoGroupedRddIsRewrittenAndAClassWithoutThatComputeIsLeftAlone() throws IOException {
    byte[] union;
    try (InputStream in = ClassLoader.getSystemResourceAsStream("org/apache/spark/rdd/UnionRDD.class")) {
      union = in.readAllBytes();
    }
    // another RDD has a compute of the same shape, but is not the transformer's target
    assertThat(new CoGroupComputeTransformer().transform(null, "org/apache/spark/rdd/UnionRDD", null, null, union)).isNull();
    byte[] partitioner;
    try (InputStream in = ClassLoader.getSystemResourceAsStream("org/apache/spark/HashPartitioner.class")) {
      partitioner = in.readAllBytes();
    }
    assertThat(CoGroupComputeTransformer.rewrite(partitioner)).isNull();
  }

  @Test
  void theAgentJarHoldsEveryClassOfTheAgentPackageAndTheHookAndNamesTheAgent() throws IOException {
    Path classes = Path.of("target/classes");
    List<String> agentPackage;
    try (Stream<Path> files = Files.list(classes.resolve(CoGroupAgentInstaller.AGENT_PACKAGE))) {
      agentPackage = files.map(p -> CoGroupAgentInstaller.AGENT_PACKAGE + p.getFileName()).sorted().collect(Collectors.toList());
    }
    File jar = CoGroupAgentInstaller.writeAgentJar();
    try (JarFile j = new JarFile(jar)) {
      List<String> entries = j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).sorted().collect(Collectors.toList());
      assertThat(entries).containsAll(agentPackage).contains("io/spillway/shuffle/cogroup/hook/CoGroupHook.class");
      assertThat(j.getManifest().getMainAttributes().getValue("Agent-Class")).isEqualTo(CoGroupAgentInstaller.AGENT_CLASS);
      assertThat(j.getManifest().getMainAttributes().getValue("Can-Retransform-Classes")).isEqualTo("true");
    } finally {
      jar.delete();
    }
  }
}
