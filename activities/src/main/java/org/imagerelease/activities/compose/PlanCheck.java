package org.imagerelease.activities.compose;

import org.imagerelease.workflows.model.ReleasePlan;

/** Something a plan must satisfy before any image is uploaded, beyond its metadata. */
public interface PlanCheck {
  /**
   * @throws org.imagerelease.activities.ReleaseException when the release must not start; the
   *     message says what to change
   */
  void check(ReleasePlan plan);
}
