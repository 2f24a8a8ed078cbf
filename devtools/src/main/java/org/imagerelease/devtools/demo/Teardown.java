package org.imagerelease.devtools.demo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops what the demo started, newest first, exactly once: when the demo ends, whether it
 * succeeded or failed, or when the JVM is asked to stop (Ctrl-C), whichever comes first. A
 * resource that fails to stop is logged and the others are still stopped.
 */
final class Teardown implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Teardown.class);

  /** @param what what closing it does, e.g. {@code stopping the worker} */
  private record Resource(String what, AutoCloseable resource) {}

  private final Deque<Resource> resources = new ArrayDeque<>();
  private final Thread onJvmShutdown;
  private boolean closed;

  /** @param interrupted told what is being stopped when the JVM stops the demo before its end */
  Teardown(Consumer<String> interrupted) {
    this.onJvmShutdown =
        new Thread(
            () -> {
              List<String> running = whatIsRunning();
              if (!running.isEmpty()) {
                interrupted.accept("Interrupted: " + String.join(", ", running) + ".");
              }
              close();
            },
            "demo-teardown");
    Runtime.getRuntime().addShutdownHook(onJvmShutdown);
  }

  /** Registers a started resource, with what closing it does, and returns it. */
  synchronized <T extends AutoCloseable> T add(String what, T resource) {
    if (closed) {
      closeQuietly(new Resource(what, resource));
      throw new IllegalStateException("the demo is stopping; undone at once: " + what);
    }
    resources.push(new Resource(what, resource));
    return resource;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (Thread.currentThread() != onJvmShutdown) {
      try {
        Runtime.getRuntime().removeShutdownHook(onJvmShutdown);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or about to; closing is already marked done.
      }
    }
    Resource next;
    while ((next = poll()) != null) {
      closeQuietly(next);
    }
  }

  private synchronized Resource poll() {
    return resources.poll();
  }

  /** Newest first, as they will be stopped; empty once closing has begun. */
  private synchronized List<String> whatIsRunning() {
    return closed ? List.of() : resources.stream().map(Resource::what).toList();
  }

  private static void closeQuietly(Resource resource) {
    try {
      resource.resource().close();
    } catch (Exception e) {
      log.warn("Demo clean-up step '{}' failed: {}", resource.what(), e.toString());
    }
  }
}
