package org.imagerelease.worker.monitoring;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Makes the Temporal SDK's meters pass Prometheus' linter ({@code promtool check metrics}): the
 * SDK registers them without a description, and the linter wants HELP text on every series; and
 * a gauge must not end in {@code _count}, which the SDK's {@code temporal_workflow_active_thread_count}
 * does: it is exported as {@code temporal_workflow_active_threads}. The release workflow's own
 * meters, which go through the SDK's scope too, get their HELP text here as well. Every other name stays the
 * SDK's, so Temporal's own dashboards work.
 */
final class TemporalMeterHelp implements MeterFilter {
  static final String HELP = "Temporal Java SDK metric; see https://docs.temporal.io/references/sdk-metrics";
  private static final String GAUGE_COUNT_SUFFIX = "_count";
  /** What release workflows report through the SDK's workflow metrics scope (see ReleaseTracker). */
  static final String WORKFLOW_METER_PREFIX = "image_release_stage_";
  static final String WORKFLOW_HELP = "Time a release spent in a stage (workflow time), recorded when it left the stage";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith("temporal_") && !id.getName().startsWith(WORKFLOW_METER_PREFIX)) {
      return id;
    }
    String name = id.getName();
    if (id.getType() == Meter.Type.GAUGE && name.endsWith(GAUGE_COUNT_SUFFIX)) {
      String stem = name.substring(0, name.length() - GAUGE_COUNT_SUFFIX.length());
      name = stem.endsWith("_thread") ? stem + "s" : stem + "_number";
    }
    String fallback = id.getName().startsWith(WORKFLOW_METER_PREFIX) ? WORKFLOW_HELP : HELP;
    String help = id.getDescription() == null || id.getDescription().isBlank() ? fallback : id.getDescription();
    return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
  }
}
