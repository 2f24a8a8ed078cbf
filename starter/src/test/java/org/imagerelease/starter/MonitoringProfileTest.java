package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imagerelease.starter.monitoring.MonitoringFiles;
import org.imagerelease.starter.monitoring.PromtoolCheck;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.MonitoringSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and docker-compose's monitoring profile (Prometheus with the alert rules,
 * Grafana with the dashboard): what each file names exists where the others put it, and the
 * queries are PromQL Prometheus accepts. No Docker engine runs here, so this is checked instead.
 */
class MonitoringProfileTest {
  private static final Path ROOT = Checkout.ROOT;
  private static final JsonNode SERVICES = MonitoringFiles.yaml(ROOT.resolve("docker-compose.yml")).path("services");
  private static final JsonNode DATASOURCE =
      MonitoringFiles.yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);

  @TempDir Path scratch;

  @Test
  void theDashboardShowsReleasesByStageThroughputThrottlesAndGateWaitsFromTheProvisionedPrometheus() {
    JsonNode dashboard = MonitoringFiles.json(MonitoringFiles.DASHBOARD);
    List<String> titles = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      titles.add(panel.path("title").asText());
      assertThat(panel.path("datasource").path("uid").asText()).as("data source of %s", panel.path("title")).isEqualTo(DATASOURCE.path("uid").asText());
      assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty()
          .allSatisfy(target -> assertThat(target.path("expr").asText()).isNotBlank());
    }

    assertThat(dashboard.path("uid").asText()).isEqualTo("image-release");
    assertThat(titles).anyMatch(t -> t.contains("by stage")).anyMatch(t -> t.contains("throughput"))
        .anyMatch(t -> t.contains("throttles")).anyMatch(t -> t.contains("Gate waits"));
    assertThat(DATASOURCE.path("type").asText()).isEqualTo("prometheus");
  }

  /** Each panel's query as a recording rule, which promtool parses as Prometheus would. */
  @Test
  void everyDashboardQueryIsPromQlPrometheusAccepts() throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> queries = MonitoringFiles.dashboardQueries();
    for (int i = 0; i < queries.size(); i++) {
      rules.append("      - record: dashboard:query_").append(i).append('\n')
          .append("        expr: '").append(queries.get(i).replace("'", "''")).append("'\n");
    }
    Files.writeString(scratch.resolve("dashboard-queries.yml"), rules);

    Optional<PromtoolCheck.Verdict> verdict = PromtoolCheck.run(scratch, "check", "rules", "dashboard-queries.yml");

    verdict.ifPresent(v -> assertThat(v.exitCode()).as(v.output()).isZero());
    verdict.ifPresent(v -> assertThat(v.output()).contains("SUCCESS: " + queries.size() + " rules found"));
  }

  @Test
  void prometheusAndGrafanaRunOnlyInTheMonitoringProfileAndMountWhatTheirConfigurationNames() {
    for (String name : List.of("prometheus", "grafana")) {
      assertThat(strings(SERVICES.path(name).path("profiles"))).containsExactly("monitoring");
    }
    JsonNode prometheus = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG);
    assertThat(strings(SERVICES.path("prometheus").path("command"))).contains("--config.file=" + mountPoint("prometheus", "deploy/prometheus/prometheus.yml"));
    assertThat(strings(prometheus.path("rule_files"))).containsExactly(mountPoint("prometheus", "deploy/prometheus/alerts.yml"));

    assertThat(mountPoint("grafana", "deploy/grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
    JsonNode provider = MonitoringFiles.yaml(ROOT.resolve("deploy/grafana/provisioning/dashboards/image-release.yml")).path("providers").get(0);
    String dashboards = mountPoint("grafana", "deploy/grafana/dashboards");
    assertThat(provider.path("options").path("path").asText()).isEqualTo(dashboards);
    assertThat(SERVICES.path("grafana").path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
        .isEqualTo(dashboards + "/" + MonitoringFiles.DASHBOARD.getFileName());
    assertThat(DATASOURCE.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(strings(SERVICES.path("prometheus").path("ports"))).contains("9090:9090");
    assertThat(strings(SERVICES.path("grafana").path("ports"))).contains("3000:3000");
  }

  @Test
  void prometheusScrapesEveryWorkerAndTheConsumerOnTheMonitoringPortTheyPublish() {
    int port = new ConfigLoader(Map.of()).load(Optional.of(ROOT.resolve("deploy/config.toml"))).monitoring().port();
    assertThat(port).isEqualTo(MonitoringSettings.DEFAULT_PORT);

    Map<String, String> serviceOfJob = Map.of("image-release-worker", "worker", "image-release-consumer", "consumer");
    JsonNode scrapes = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("scrape_configs");
    assertThat(scrapes).hasSize(serviceOfJob.size());
    for (JsonNode scrape : scrapes) {
      String service = serviceOfJob.get(scrape.path("job_name").asText());
      assertThat(service).as("job %s", scrape.path("job_name")).isNotNull();
      JsonNode dns = scrape.path("dns_sd_configs").get(0);
      assertThat(strings(dns.path("names"))).as("every replica of %s, by Docker's DNS", service).containsExactly(service);
      assertThat(dns.path("port").asInt()).isEqualTo(port);
      assertThat(strings(SERVICES.path(service).path("ports"))).anyMatch(published -> published.endsWith(":" + port));
    }
  }

  @Test
  void promtoolAcceptsThePrometheusConfigurationWithItsRuleFile() throws Exception {
    Files.copy(MonitoringFiles.ALERTS, scratch.resolve("alerts.yml"));
    String config = Files.readString(MonitoringFiles.PROMETHEUS_CONFIG)
        .replace(mountPoint("prometheus", "deploy/prometheus/alerts.yml"), scratch.resolve("alerts.yml").toString());
    Files.writeString(scratch.resolve("prometheus.yml"), config);

    Optional<PromtoolCheck.Verdict> verdict = PromtoolCheck.run(scratch, "check", "config", "prometheus.yml");

    verdict.ifPresent(v -> assertThat(v.exitCode()).as(v.output()).isZero());
  }

  /** Where the service mounts a file or folder of the checkout. */
  private static String mountPoint(String service, String inCheckout) {
    for (String volume : strings(SERVICES.path(service).path("volumes"))) {
      String[] parts = volume.split(":");
      if (parts[0].equals("./" + inCheckout)) {
        assertThat(ROOT.resolve(inCheckout)).as("bind mount source of %s", volume).exists();
        return parts[1];
      }
    }
    throw new AssertionError("service " + service + " does not mount ./" + inCheckout);
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }
}
