package org.imagerelease.workflows;

/** The names that tie a compose to its release. */
public final class ReleaseIds {
  private static final String PREFIX = "release-";

  private ReleaseIds() {}

  /** The workflow id of the release of a compose: one release per compose. */
  public static String workflowId(String composeId) {
    return PREFIX + composeId;
  }

  /** The compose id of a release's workflow id. */
  public static String composeIdOf(String workflowId) {
    return workflowId.startsWith(PREFIX) ? workflowId.substring(PREFIX.length()) : workflowId;
  }
}
