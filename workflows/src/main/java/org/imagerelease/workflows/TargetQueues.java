package org.imagerelease.workflows;

/**
 * The task queues of a target's activities. Each target has its own, so a worker polls only
 * the targets it can release to (a mixed fleet or a rolling deploy never hands an AWS step to a
 * worker without AWS), and transfers have a queue of their own, so a worker gives them their own
 * slot count and short calls (publish, withdraw, check) never queue behind hour-long uploads.
 * The names derive from the release's own task queue: {@code image-release.mirror} and
 * {@code image-release.mirror.transfers}.
 */
public final class TargetQueues {
  /**
   * The {@link io.temporal.workflow.Workflow#getVersion} change id of per-target queues. A release
   * started before them schedules every target activity on its own task queue, which workers
   * therefore keep serving for as long as such releases may run.
   */
  static final String CHANGE_ID = "per-target-task-queues";

  /** The version of {@link #CHANGE_ID} from which target activities have their own queues. */
  static final int PER_TARGET = 1;

  private TargetQueues() {}

  /** Where a target's short calls go: publish, unpublish, withdraw, clean up, check. */
  public static String calls(String releaseQueue, String target) {
    return releaseQueue + "." + target;
  }

  /** Where a target's transfers go: upload and replicate, which move the image's bytes. */
  public static String transfers(String releaseQueue, String target) {
    return calls(releaseQueue, target) + ".transfers";
  }
}
