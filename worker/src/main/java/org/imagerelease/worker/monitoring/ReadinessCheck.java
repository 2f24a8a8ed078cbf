package org.imagerelease.worker.monitoring;

/** Asked on every {@code /readyz}; answers quickly, within a couple of seconds at worst. */
@FunctionalInterface
public interface ReadinessCheck {
  Readiness check();
}
