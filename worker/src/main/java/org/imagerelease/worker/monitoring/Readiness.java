package org.imagerelease.worker.monitoring;

/**
 * Whether one thing a process needs is there, and what is wrong when it is not.
 *
 * @param name what was checked, e.g. {@code temporal}
 * @param ready whether it is usable now
 * @param detail what was found: the endpoint, or the error
 */
public record Readiness(String name, boolean ready, String detail) {
  public static Readiness ready(String name, String detail) {
    return new Readiness(name, true, detail);
  }

  public static Readiness notReady(String name, String detail) {
    return new Readiness(name, false, detail);
  }

  /** One line of the {@code /readyz} body. */
  String line() {
    return name + ": " + (ready ? "ok" : "not ready") + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
