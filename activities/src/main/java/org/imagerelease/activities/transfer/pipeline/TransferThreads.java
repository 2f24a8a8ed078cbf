package org.imagerelease.activities.transfer.pipeline;

import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Names an attempt's threads after the image, so thread dumps and logs say what they move, and
 * gives them the logging context of the activity that made them (compose, image, target,
 * location, workflow id): the MDC is per thread and would otherwise be empty on them.
 */
final class TransferThreads implements ThreadFactory {

  private final String prefix;
  private final Map<String, String> logContext;
  private final AtomicInteger count = new AtomicInteger();

  /** Made on the activity's thread, whose logging context its threads take. */
  TransferThreads(String role, String imageName) {
    this.prefix = "transfer-" + role + "-" + imageName + "-";
    Map<String, String> context = MDC.getCopyOfContextMap();
    this.logContext = context == null ? Map.of() : Map.copyOf(context);
  }

  @Override
  public Thread newThread(Runnable task) {
    Runnable inContext =
        () -> {
          MDC.setContextMap(logContext);
          task.run();
        };
    Thread thread = new Thread(inContext, prefix + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
