package org.imagerelease.activities;

/**
 * A failure a retry cannot fix. {@link #failureType()} becomes the {@code ApplicationFailure}
 * type (see {@link org.imagerelease.workflows.ReleaseFailureTypes}); the message names the
 * compose, image, location and cause so a release engineer can act on it.
 */
public class ReleaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String failureType;

  public ReleaseException(String failureType, String message) {
    super(message);
    this.failureType = failureType;
  }

  public ReleaseException(String failureType, String message, Throwable cause) {
    super(message, cause);
    this.failureType = failureType;
  }

  public String failureType() {
    return failureType;
  }
}
