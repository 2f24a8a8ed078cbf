package org.imagerelease.workflows;

import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The undo log of a release. Every step registers its undo before it creates anything, so a
 * step cancelled or failed half-way is undone too; undos are idempotent and tolerate absence.
 * Undos run newest first; one failing does not stop the others, it becomes a leftover a person
 * must look at.
 */
final class Compensations {
  private static final Logger log = Workflow.getLogger(Compensations.class);

  private record Undo(String description, Functions.Proc action) {}

  private final List<Undo> undos = new ArrayList<>();

  void register(String description, Functions.Proc action) {
    undos.add(new Undo(description, action));
  }

  boolean isEmpty() {
    return undos.isEmpty();
  }

  /** Runs every undo, newest first, and returns the ones that failed with their causes. */
  List<String> runAll() {
    List<String> leftovers = new ArrayList<>();
    for (int i = undos.size() - 1; i >= 0; i--) {
      Undo undo = undos.get(i);
      try {
        undo.action().apply();
        log.info("Compensated: {}", undo.description());
      } catch (RuntimeException e) {
        String leftover = undo.description() + " failed: " + FailureMessages.describe(e);
        log.error("Compensation failed, a person must check: {}", leftover);
        leftovers.add(leftover);
      }
    }
    undos.clear();
    return leftovers;
  }
}
