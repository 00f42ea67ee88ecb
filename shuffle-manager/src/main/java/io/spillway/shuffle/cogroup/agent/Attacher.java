package io.spillway.shuffle.cogroup.agent;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads an agent jar into another JVM: {@code java -cp <agent jar> ...Attacher <pid> <agent jar>}.
 *
 * <p>Why a second process: since Java 9 a JVM may not attach to itself unless started with
 * {@code -Djdk.attach.allowAttachSelf=true}, which an operator would have to add to every executor's options.
 * A short-lived child JVM of the same JDK and user may attach to it; exit code 0 means the agent was loaded.
 */
public final class Attacher {

  private Attacher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: Attacher <pid> <agent jar>");
      System.exit(2);
    }
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    try {
      vm.loadAgent(args[1]);
    } finally {
      vm.detach();
    }
  }
}
