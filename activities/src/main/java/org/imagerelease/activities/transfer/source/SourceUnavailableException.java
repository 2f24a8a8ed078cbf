package org.imagerelease.activities.transfer.source;

import java.io.IOException;

/**
 * The source could not be read even after the configured retries: a transient failure that a
 * later attempt, resuming from the last checkpoint, may get past.
 */
public final class SourceUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
