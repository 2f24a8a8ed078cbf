package org.imagerelease.workflows.retention;

import java.util.List;

/**
 * What retention would remove, planned by the target's activity.
 *
 * @param text the plan as a person reads it (the {@code retention run --dry-run} output)
 * @param items everything to remove, in the order to remove it
 */
public record RetentionPlanView(String text, List<RetentionItem> items) {
  public RetentionPlanView {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
