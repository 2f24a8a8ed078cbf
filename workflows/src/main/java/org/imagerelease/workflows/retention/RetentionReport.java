package org.imagerelease.workflows.retention;

import java.util.List;

/**
 * What a retention run did.
 *
 * @param dryRun whether it only planned
 * @param plan the plan as a person reads it
 * @param removed what it removed; empty on a dry run
 * @param failed what it could not remove, each with the reason; a later run tries again
 */
public record RetentionReport(boolean dryRun, String plan, List<RetentionItem> removed, List<String> failed) {
  public RetentionReport {
    removed = removed == null ? List.of() : List.copyOf(removed);
    failed = failed == null ? List.of() : List.copyOf(failed);
  }
}
