package org.imagerelease.activities.testgate;

/** A ResultsDB result (a message body or an API answer) that does not have the v2.0 shape. */
public final class MalformedResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedResultException(String reason) {
    super(reason);
  }
}
