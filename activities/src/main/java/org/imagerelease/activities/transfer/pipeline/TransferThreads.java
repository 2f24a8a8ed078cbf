package org.imagerelease.activities.transfer.pipeline;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names an attempt's threads after the image, so thread dumps and logs say what they move. */
final class TransferThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  TransferThreads(String role, String imageName) {
    this.prefix = "transfer-" + role + "-" + imageName + "-";
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
