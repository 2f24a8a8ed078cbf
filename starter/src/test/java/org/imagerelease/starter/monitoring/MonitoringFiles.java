package org.imagerelease.starter.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagerelease.starter.Checkout;

/**
 * The monitoring files operators install: the alert rules and the Grafana dashboard under deploy/,
 * read as their tools read them, and the series their queries name.
 */
public final class MonitoringFiles {
  public static final Path ALERTS = Checkout.ROOT.resolve("deploy/prometheus/alerts.yml");
  public static final Path ALERT_TESTS = Checkout.ROOT.resolve("deploy/prometheus/alerts-test.yml");
  public static final Path PROMETHEUS_CONFIG = Checkout.ROOT.resolve("deploy/prometheus/prometheus.yml");
  public static final Path DASHBOARD = Checkout.ROOT.resolve("deploy/grafana/dashboards/image-release.json");
  /** A metric name in PromQL: the project's and the Temporal SDK's. */
  private static final Pattern SERIES = Pattern.compile("\\b((?:image_release|temporal)_[a-z_]+)\\b");

  private MonitoringFiles() {}

  /** The alerting rules of alerts.yml, every group's. */
  public static List<JsonNode> alertRules() {
    List<JsonNode> rules = new ArrayList<>();
    yaml(ALERTS).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  /** Every PromQL expression of the dashboard's panels. */
  public static List<String> dashboardQueries() {
    List<String> queries = new ArrayList<>();
    json(DASHBOARD).path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
    return queries;
  }

  /** The series the alert rules and the dashboard name, without Prometheus' own ({@code up}). */
  public static Set<String> seriesNamed() {
    Set<String> names = new TreeSet<>();
    alertRules().forEach(rule -> names.addAll(seriesIn(rule.path("expr").asText())));
    dashboardQueries().forEach(query -> names.addAll(seriesIn(query)));
    return names;
  }

  /** Whether a text exposition has samples of {@code series} (a name as PromQL writes it). */
  public static boolean exports(String exposition, String series) {
    return exposition.lines().anyMatch(line -> line.startsWith(series + "{") || line.startsWith(series + " "));
  }

  public static JsonNode yaml(Path file) {
    try {
      return new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> seriesIn(String promQl) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = SERIES.matcher(promQl);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
