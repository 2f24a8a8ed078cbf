package org.imagerelease.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleasePlan;

/** Reads a compose and decides what each target releases. */
@ActivityInterface
public interface ComposeActivities {

  /**
   * Reads {@code metadata/images.json} of the compose and picks the images each configured target
   * wants. Needs the compose reachable; makes nothing; a retry reads again. Bad metadata fails
   * non-retryably with the field and image named.
   */
  @ActivityMethod
  ReleasePlan resolvePlan(ComposeRef compose);
}
