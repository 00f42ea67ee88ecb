package io.spillway.storage.group;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.runtime.groupspill.GroupSpillTaskStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The open {@link GroupSpillStore}s of this JVM, by store id.
 *
 * <p>Why a registry instead of a reference in each group: a group travels through Spark's
 * {@code ExternalAppendOnlyMap} spills (serialized and read back in the same task), and Spark's size
 * estimator walks every field of every group; a store id is a long that survives both, where a
 * reference would be lost or make the estimator count the store's serializer once per sample.
 */
public final class GroupSpillStores {

  private static final Map<Long, GroupSpillStore> OPEN = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT_ID = new AtomicLong();

  private GroupSpillStores() {}

  /**
   * Opens a store for {@code task}, closed (the files of groups not handed out deleted) and forgotten
   * when the task completes, fails or is killed; its bytes written are then added to the task's
   * disk-bytes-spilled metric and its group-spill figures sent to the driver plugin. Returns the store's id.
   */
  public static long open(TaskContext task, Supplier<GroupSpillStore> create) {
    long id = NEXT_ID.incrementAndGet();
    GroupSpillStore store = create.get();
    OPEN.put(id, store);
    task.addTaskCompletionListener((TaskCompletionListener) ctx -> {
      // what went to disk shows in the task's spill metrics, like Spark's own spills
      TaskMetricsCompat.incDiskBytesSpilled(ctx, store.bytesWritten());
      close(id);
      report(ctx, store);
    });
    return id;
  }

  /**
   * Sends the task's group-spill figures to the driver plugin, which adds them up per stage for the event log and
   * the Spillway tab; nothing when no group went to disk, or without the plugin. After the store closed, so the
   * bytes of groups still being written count.
   */
  private static void report(TaskContext task, GroupSpillStore store) {
    if (store.groupsSpilled() > 0) {
      SpillwayRuntime.sendToDriver(new GroupSpillTaskStats(task.stageId(), task.stageAttemptNumber(),
          task.partitionId(), task.taskAttemptId(), store.groupsSpilled(), store.valuesWritten(), store.bytesWritten()));
    }
  }

  /** The open store {@code id}; fails, naming it, once its task has ended. */
  public static GroupSpillStore get(long id) {
    GroupSpillStore s = OPEN.get(id);
    if (s == null) {
      throw new IllegalStateException("spill store " + id + " is closed: its task has ended and the files of "
          + "groups still being built are deleted (a bug if seen from user code: groups handed out own their files)");
    }
    return s;
  }

  /** Closes and forgets store {@code id} (see {@link GroupSpillStore#close()}); nothing if it is not open. */
  public static void close(long id) {
    GroupSpillStore s = OPEN.remove(id);
    if (s != null) {
      s.close();
    }
  }

  /** Stores open now (for tests and leak checks). */
  public static int openCount() {
    return OPEN.size();
  }
}
