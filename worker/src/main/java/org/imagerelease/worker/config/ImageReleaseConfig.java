package org.imagerelease.worker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseSettings;
import org.imagerelease.workflows.model.ReleaseTimeouts;

/**
 * Everything image-release reads from its configuration file, typed. The file is a
 * fedora-messaging {@code config.toml}; this project's settings live under
 * {@code [consumer_config]}. See README.md for every key and its default.
 *
 * @param source where the values came from, for the logs
 * @param temporal the cluster
 * @param gate the test gate of new releases
 * @param timeouts activity timeouts of new releases
 * @param transfer the transfer pipeline's tuning
 * @param targets every target module's configuration, enabled or not, in registry order
 * @param worker this process' capacity and stop behaviour
 * @param messaging the message bus and what this project does on it
 * @param resultsDb the ResultsDB polling fallback of the test gate
 * @param regionFailure what new releases do when a replica location keeps failing
 * @param unavailableTargets target tables present in the file that this version cannot release
 *     to; reported, never silently dropped
 * @param warnings what the file says that has no effect here (keys of fedora-messaging's own
 *     sections this project does not read, other consumers' settings), each saying what is done
 *     instead; logged when the file is read
 */
public record ImageReleaseConfig(
    String source,
    TemporalSettings temporal,
    GateSettings gate,
    ReleaseTimeouts timeouts,
    TransferSettings transfer,
    List<TargetConfig> targets,
    WorkerSettings worker,
    MessagingConfig messaging,
    ResultsDbConfig resultsDb,
    RegionFailurePolicy regionFailure,
    List<String> unavailableTargets,
    List<String> warnings,
    MonitoringSettings monitoring) {

  public ImageReleaseConfig {
    targets = List.copyOf(targets);
    if (gate.hasRules()) {
      targets.stream()
          .filter(target -> target.enabled() && target.testcases().isPresent())
          .findFirst()
          .ifPresent(target -> {
            throw new ConfigException(
                "consumer_config." + target.name() + ".testcases cannot be used with gate rules: give the rule for this target's images targets = [\""
                    + target.name() + "\"] and its testcases");
          });
    }
    unavailableTargets = List.copyOf(unavailableTargets);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    regionFailure = regionFailure == null ? RegionFailurePolicy.defaults() : regionFailure;
    monitoring = monitoring == null ? MonitoringSettings.defaults() : monitoring;
  }

  /** With the default monitoring server (port {@value MonitoringSettings#DEFAULT_PORT}). */
  public ImageReleaseConfig(
      String source,
      TemporalSettings temporal,
      GateSettings gate,
      ReleaseTimeouts timeouts,
      TransferSettings transfer,
      List<TargetConfig> targets,
      WorkerSettings worker,
      MessagingConfig messaging,
      ResultsDbConfig resultsDb,
      RegionFailurePolicy regionFailure,
      List<String> unavailableTargets,
      List<String> warnings) {
    this(source, temporal, gate, timeouts, transfer, targets, worker, messaging, resultsDb, regionFailure, unavailableTargets, warnings, null);
  }

  /** How releases started now run: their gate, timeouts and region-failure policy. */
  public ReleaseSettings releaseSettings() {
    return new ReleaseSettings(gateOfNewReleases(), timeouts, regionFailure);
  }

  /**
   * The gate of a release started now: the configured one, asking ResultsDB every poll interval
   * when a ResultsDB is configured, with each target's own testcases. The CLI and the compose
   * consumer start releases with it.
   */
  public GateSettings gateOfNewReleases() {
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    for (TargetConfig target : enabled()) {
      target.testcases().ifPresent(testcases -> byTarget.put(target.name(), testcases));
    }
    return gate.withPollInterval(resultsDb.url().map(url -> resultsDb.pollInterval()).orElse(null))
        .withTestcasesByTarget(byTarget);
  }

  /**
   * Where composes may be ({@code [consumer_config.composes] allowed_locations} and {@code
   * allow_local_paths}): the consumer holds every message to it, the CLI every compose it is
   * given, and the worker every address it reads, redirects included, whoever started the release.
   */
  public ComposeSources composeSources() {
    return messaging.composes().sources();
  }

  /** The enabled targets as the planner sees them, in registry order. */
  public List<TargetSettings> enabledTargets() {
    return enabled().stream().map(TargetConfig::planning).toList();
  }

  /** The enabled targets' configurations. */
  public List<TargetConfig> enabled() {
    return targets.stream().filter(TargetConfig::enabled).toList();
  }

  /**
   * The configuration of the one target of this type, e.g. {@code target(MirrorConfig.class)}.
   *
   * @throws ConfigException when this version has no such target
   */
  public <T extends TargetConfig> T target(Class<T> type) {
    return targets.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new ConfigException("no target configured as " + type.getSimpleName()));
  }

  /** The same configuration with this target's settings replaced (the demo points the mirror at a scratch directory). */
  public ImageReleaseConfig withTarget(TargetConfig replacement) {
    List<TargetConfig> replaced = new ArrayList<>();
    for (TargetConfig target : targets) {
      replaced.add(target.name().equals(replacement.name()) ? replacement : target);
    }
    return new ImageReleaseConfig(source, temporal, gate, timeouts, transfer, replaced, worker, messaging, resultsDb, regionFailure, unavailableTargets, warnings, monitoring);
  }

  public ImageReleaseConfig withGate(GateSettings otherGate) {
    return new ImageReleaseConfig(source, temporal, otherGate, timeouts, transfer, targets, worker, messaging, resultsDb, regionFailure, unavailableTargets, warnings, monitoring);
  }

  public ImageReleaseConfig withTemporal(TemporalSettings otherTemporal) {
    return new ImageReleaseConfig(source, otherTemporal, gate, timeouts, transfer, targets, worker, messaging, resultsDb, regionFailure, unavailableTargets, warnings, monitoring);
  }

  /** The same configuration with other bus settings ({@code image-release dev} turns event publishing on). */
  public ImageReleaseConfig withMessaging(MessagingConfig otherMessaging) {
    return new ImageReleaseConfig(source, temporal, gate, timeouts, transfer, targets, worker, otherMessaging, resultsDb, regionFailure, unavailableTargets, warnings, monitoring);
  }

  /** The same configuration with composes allowed at these places. */
  public ImageReleaseConfig withComposeSources(ComposeSources sources) {
    return withMessaging(messaging.withComposeSources(sources));
  }

  public ImageReleaseConfig withWarnings(List<String> otherWarnings) {
    return new ImageReleaseConfig(source, temporal, gate, timeouts, transfer, targets, worker, messaging, resultsDb, regionFailure, unavailableTargets, otherWarnings, monitoring);
  }

  /** The same configuration serving monitoring elsewhere (tests pick a free port). */
  public ImageReleaseConfig withMonitoring(MonitoringSettings otherMonitoring) {
    return new ImageReleaseConfig(source, temporal, gate, timeouts, transfer, targets, worker, messaging, resultsDb, regionFailure, unavailableTargets, warnings, otherMonitoring);
  }

  public ImageReleaseConfig withTimeouts(ReleaseTimeouts otherTimeouts) {
    return new ImageReleaseConfig(source, temporal, gate, otherTimeouts, transfer, targets, worker, messaging, resultsDb, regionFailure, unavailableTargets, warnings, monitoring);
  }
}
