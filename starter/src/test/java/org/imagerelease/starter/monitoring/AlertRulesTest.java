package org.imagerelease.starter.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.activities.metrics.TransferMeters;
import org.imagerelease.starter.Checkout;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of deploy/prometheus: Prometheus accepts them, each has a unit test where it
 * fires and one where it must not, a runbook section, and watches series this project exports
 * and jobs the shipped Prometheus configuration scrapes.
 */
class AlertRulesTest {
  private static final Pattern JOB = Pattern.compile("job=\"([^\"]+)\"");

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    Optional<PromtoolCheck.Verdict> check = PromtoolCheck.run(MonitoringFiles.ALERTS.getParent(), "check", "rules", "alerts.yml");
    check.ifPresent(v -> assertThat(v.exitCode()).as(v.output()).isZero());
    check.ifPresent(v -> assertThat(v.output()).contains("SUCCESS: " + MonitoringFiles.alertRules().size() + " rules found"));

    Optional<PromtoolCheck.Verdict> tests = PromtoolCheck.run(MonitoringFiles.ALERT_TESTS.getParent(), "test", "rules", "alerts-test.yml");
    tests.ifPresent(v -> assertThat(v.exitCode()).as(v.output()).isZero());
    tests.ifPresent(v -> assertThat(v.output()).contains("SUCCESS"));
  }

  @Test
  void everyAlertHasACaseWhereItFiresAndOneWhereItMustNot() {
    Set<String> fires = new HashSet<>();
    Set<String> staysQuiet = new HashSet<>();
    MonitoringFiles.yaml(MonitoringFiles.ALERT_TESTS).path("tests").forEach(
        test -> test.path("alert_rule_test").forEach(
            check -> (check.path("exp_alerts").isEmpty() ? staysQuiet : fires).add(check.path("alertname").asText())));

    assertThat(fires).containsExactlyInAnyOrderElementsOf(alertNames());
    assertThat(staysQuiet).containsExactlyInAnyOrderElementsOf(alertNames());
  }

  @Test
  void everyAlertLinksItsOwnSectionOfTheRunbook() throws IOException {
    String runbook = Files.readString(Checkout.ROOT.resolve("docs/operations.md"));
    String alertsPart = runbook.substring(runbook.indexOf("\n## Alerts\n"));

    for (JsonNode rule : MonitoringFiles.alertRules()) {
      String name = rule.path("alert").asText();
      assertThat(alertsPart).as("runbook section of %s", name).contains("\n### " + name + "\n");
      assertThat(rule.path("annotations").path("runbook_url").asText()).isEqualTo("docs/operations.md#" + name.toLowerCase());
      assertThat(rule.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
      assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", name).isIn("warning", "critical");
    }
  }

  @Test
  void theJobsTheRulesWatchAreTheOnesTheShippedPrometheusScrapes() {
    Set<String> scraped = new TreeSet<>();
    MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("scrape_configs").forEach(c -> scraped.add(c.path("job_name").asText()));
    Set<String> watched = new TreeSet<>();
    for (JsonNode rule : MonitoringFiles.alertRules()) {
      Matcher job = JOB.matcher(rule.path("expr").asText());
      while (job.find()) {
        watched.add(job.group(1));
      }
    }

    assertThat(watched).isNotEmpty();
    assertThat(scraped).containsAll(watched);
  }

  /**
   * Every series the rules and the dashboard name is one the project exports. The workflow's stage
   * timer and the Temporal SDK's meters are exported by a running worker only:
   * MetricsDuringReleaseTest holds those against a real scrape.
   */
  @Test
  void everyProjectSeriesTheRulesAndTheDashboardNameIsExported() {
    String exposition = exposition();

    assertThat(MonitoringFiles.seriesNamed())
        .filteredOn(name -> name.startsWith("image_release_") && !name.startsWith("image_release_stage_duration"))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(MonitoringFiles.exports(exposition, name)).as("%s is exported", name).isTrue());
  }

  /** What a worker and the consumer export once each project meter has counted something. */
  private static String exposition() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ReleaseMetrics.registry().add(registry);
    try {
      TransferMeters transfers = ReleaseMetrics.transfersTo("aws");
      transfers.downloadedBytes().increment(1);
      transfers.throughput().record(1);
      ReleaseMetrics.cloudCall("aws", "PutSnapshotBlock", true);
      ReleaseMetrics.releaseEnded("released");
      ReleaseMetrics.imagePublished("aws");
      ReleaseMetrics.messageConsumed();
      ReleaseMetrics.messageRejected("malformed");
      ReleaseMetrics.messageDeadLettered();
      ReleaseMetrics.messageRetried();
      try (ReleaseCensus census =
          ReleaseCensus.registered(registry, List::of, List.of("image-release.dead-letter"), () -> Map.of("image-release.dead-letter", 0L), Clock.systemUTC())) {
        census.countNow();
      }
      return registry.scrape();
    } finally {
      ReleaseMetrics.registry().remove(registry);
    }
  }

  private static List<String> alertNames() {
    return MonitoringFiles.alertRules().stream().map(rule -> rule.path("alert").asText()).toList();
  }
}
