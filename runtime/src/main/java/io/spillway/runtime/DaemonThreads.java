package io.spillway.runtime;

import java.util.concurrent.ThreadFactory;

/**
 * Spillway's background threads, made in one place. Every one is a daemon, so that none of them keeps an
 * executor's or driver's JVM alive after Spark is done with it, and every one carries a {@code spillway-} name,
 * so that a thread dump says whose it is.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** A factory of daemon threads all named {@code name} (meant for single-thread executors). */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs {@code work} on a new daemon thread named {@code name}, started before this returns. */
  public static Thread start(String name, Runnable work) {
    Thread t = named(name).newThread(work);
    t.start();
    return t;
  }
}
