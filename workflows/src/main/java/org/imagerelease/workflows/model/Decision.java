package org.imagerelease.workflows.model;

/**
 * A person's decision on a release, as sent with the approve, reject and cancel signals:
 * {@code {"who": "alice", "why": "openQA results reviewed"}}.
 */
public record Decision(String who, String why) {
  public Decision {
    who = who == null || who.isBlank() ? "unknown" : who;
    why = why == null ? "" : why;
  }
}
