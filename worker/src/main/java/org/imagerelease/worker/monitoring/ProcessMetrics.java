package org.imagerelease.worker.monitoring;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import org.imagerelease.activities.metrics.ReleaseMetrics;

/**
 * One process' metrics in Prometheus form: the project's meters (joined through Micrometer's
 * global registry, where they are counted), the JVM's, and the Temporal SDK's, which the SDK
 * reports through a tally scope that the stubs of {@link
 * org.imagerelease.worker.TemporalConnection} carry (workers built on them report too).
 */
public final class ProcessMetrics implements AutoCloseable {
  /** How often tally hands the SDK's meters to Micrometer; a scrape sees them this late at most. */
  static final com.uber.m3.util.Duration TEMPORAL_REPORT_INTERVAL = com.uber.m3.util.Duration.ofSeconds(1);

  private final PrometheusMeterRegistry registry;
  private final Scope temporalScope;
  private final JvmGcMetrics gcMetrics;

  private ProcessMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.temporalScope =
        new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry)).reportEvery(TEMPORAL_REPORT_INTERVAL);
    // Not Micrometer's ProcessorMetrics: promtool's lint refuses its process_cpu_time_ns_total
    // and system_cpu_count names.
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    this.gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
  }

  /** A registry that the project's meters now report to as well. */
  public static ProcessMetrics start() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new TemporalMeterHelp());
    ReleaseMetrics.registry().add(registry);
    return new ProcessMetrics(registry);
  }

  /** Hand to {@code WorkflowServiceStubsOptions.setMetricsScope}. */
  public Scope temporalScope() {
    return temporalScope;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      temporalScope.close();
    } catch (ScopeCloseException e) {
      // Its last report is lost with the process anyway; the registry still closes.
    }
    gcMetrics.close();
    ReleaseMetrics.registry().remove(registry);
    registry.close();
  }
}
