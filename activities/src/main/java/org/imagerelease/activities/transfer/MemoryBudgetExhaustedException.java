package org.imagerelease.activities.transfer;

import java.io.IOException;

/**
 * A transfer could not have the memory it needs from its worker's budget. Another attempt, maybe
 * on a worker with fewer transfers running, may get it, so it is retried.
 */
public final class MemoryBudgetExhaustedException extends IOException {
  private static final long serialVersionUID = 1L;

  public MemoryBudgetExhaustedException(String message) {
    super(message);
  }
}
