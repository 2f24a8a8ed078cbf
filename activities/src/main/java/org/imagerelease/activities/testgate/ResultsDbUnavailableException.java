package org.imagerelease.activities.testgate;

import java.io.IOException;

/** ResultsDB did not answer, or answered with a server error: asking again later may work. */
public final class ResultsDbUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public ResultsDbUnavailableException(String message) {
    super(message);
  }

  public ResultsDbUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
