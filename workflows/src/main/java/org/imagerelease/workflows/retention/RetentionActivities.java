package org.imagerelease.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads what the clouds hold and removes what the retention policy says to. */
@ActivityInterface
public interface RetentionActivities {

  /** What the policy removes now, from every target that keeps things over time. */
  @ActivityMethod
  RetentionPlanView planRetention();

  /** Removes one item; one already gone is removed. */
  @ActivityMethod
  void removeRetained(RetentionItem item);
}
