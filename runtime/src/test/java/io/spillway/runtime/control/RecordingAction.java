package io.spillway.runtime.control;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An action that engages at {@code from} and above, undoes below it, and records what it saw. */
final class RecordingAction implements PressureAction {

  final List<PressureLevel> seen = new ArrayList<>();
  final PressureLevel from;
  final String name;
  boolean engaged;
  boolean retry;
  boolean failOnLevel;
  int taskStarts;
  int taskEnds;
  boolean closed;

  RecordingAction(String name, PressureLevel from) {
    this.name = name;
    this.from = from;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<ActionStep> onLevel(PressureLevel level, PressureSnapshot snapshot) {
    seen.add(level);
    if (failOnLevel) {
      throw new IllegalStateException("scripted failure at " + level);
    }
    boolean want = level.atLeast(from);
    if (want == engaged) {
      return Optional.empty();
    }
    engaged = want;
    return Optional.of(want ? ActionStep.engaged(name + " on at " + level) : ActionStep.undone(name + " off at " + level));
  }

  @Override
  public long state() {
    return engaged ? 1 : 0;
  }

  @Override
  public boolean wantsRetry() {
    return retry;
  }

  @Override
  public void onTaskStart(org.apache.spark.TaskContext task) {
    taskStarts++;
  }

  @Override
  public void onTaskEnd(org.apache.spark.TaskContext task) {
    taskEnds++;
  }

  @Override
  public void close() {
    closed = true;
  }
}
