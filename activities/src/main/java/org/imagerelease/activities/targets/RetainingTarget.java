package org.imagerelease.activities.targets;

import java.time.Instant;
import org.imagerelease.workflows.retention.RetentionItem;
import org.imagerelease.workflows.retention.RetentionPlanView;

/**
 * A target that keeps what releases made over time and prunes it by a retention policy (an
 * Azure gallery's versions and upload blobs). {@link RetentionActivitiesImpl} asks every enabled
 * target that is one.
 */
public interface RetainingTarget {

  /** What the policy removes at {@code now}, planned from what the target holds. */
  RetentionPlanView planRetention(Instant now) throws Exception;

  /** Removes one item of its plan; one already gone is removed. */
  void removeRetained(RetentionItem item) throws Exception;
}
