package org.imagerelease.devtools.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.devtools.testing.OneRootRelease;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.monitoring.MonitoringFiles;
import org.imagerelease.starter.monitoring.MonitoringScrape;
import org.imagerelease.starter.monitoring.ReleaseCensus;
import org.imagerelease.starter.monitoring.ReleaseCensus.RunningRelease;
import org.imagerelease.starter.monitoring.RunningReleases;
import org.imagerelease.starter.monitoring.PromtoolCheck;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.WorkerProcess;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.MonitoringSettings;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process as {@code image-release worker} runs it, against the embedded Temporal server
 * over gRPC, releasing a generated compose to a mirror: its monitoring server is scraped while
 * the release waits at its gate and after it ended.
 */
class MetricsDuringReleaseTest {
  private static final String MIRROR = "mirror";

  @TempDir Path directory;

  @Test
  void aWorkerServesHealthReadinessAndTransferCountersDuringARelease() throws Exception {
    DemoCompose compose =
        OneRootRelease.smallCompose(directory.resolve("compose"), "20261207");
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        WorkerProcess worker = WorkerProcess.start(config(server), WorkerExtras.none())) {
      int port = worker.monitoringPort();
      assertThat(MonitoringScrape.get(port, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = MonitoringScrape.get(port, "/readyz");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("temporal: ok (" + server.address() + ")");

      ReleaseClient client = new ReleaseClient(worker.temporal().client(), config(server).temporal().taskQueue());
      client.start(
          new ReleaseRequest(compose.composeRef(), new GateSettings(GatePolicy.APPROVAL, Duration.ofMinutes(10), List.of()), null, "test"),
          false);
      awaitStage(client, compose.composeId(), ReleaseStage.AWAITING_APPROVAL);

      String duringRelease = MonitoringScrape.get(port, "/metrics").body();
      assertThat(sample(duringRelease, "image_release_transfer_downloaded_bytes_total")).isPositive();
      assertThat(sample(duringRelease, "image_release_transfer_sent_bytes_total")).isPositive();
      assertThat(sample(duringRelease, "image_release_transfer_blocks_sent_total")).isPositive();
      // The mirror stores the compressed file as published, whose blocks are never all zeros;
      // the series is there, at zero (AWS skips the sparse disk's zero blocks).
      assertThat(duringRelease).contains("image_release_transfer_blocks_skipped_total{target=\"mirror\"} 0.0");
      assertThat(sample(duringRelease, "image_release_transfer_throughput_bytes_per_second_count")).isPositive();

      String census = censusDuring(client);
      assertThat(MonitoringScrape.sample(census, "image_release_releases_running{stage=\"AWAITING_APPROVAL\"}")).isEqualTo(1);
      assertThat(MonitoringScrape.sample(census, "image_release_releases_running{stage=\"UPLOADING\"}")).isZero();
      assertThat(census).contains("image_release_releases_stage_longest_seconds{stage=\"AWAITING_APPROVAL\"}");
      PromtoolCheck.check(census).ifPresent(v -> assertThat(v.exitCode()).as("promtool check metrics said:\n%s", v.output()).isZero());

      client.approve(compose.composeId(), new Decision("tester", "metrics test"));
      assertThat(client.awaitEnd(compose.composeId()).stage()).isEqualTo(ReleaseStage.RELEASED);
      String afterRelease = awaitSeries(port, "stage=\"AWAITING_APPROVAL\"", "temporal_request_total");
      assertThat(MonitoringScrape.sample(afterRelease, "image_release_releases_ended_total{outcome=\"released\"}")).isEqualTo(1);
      assertThat(sample(afterRelease, "image_release_images_published_total")).isPositive();
      // The Temporal SDK's own meters, through its Micrometer reporter.
      assertThat(afterRelease).contains("temporal_request_total", "temporal_activity_execution_latency_seconds_count");
      // The workflow's own stage timer, through the SDK's workflow metrics scope; the gate is AWAITING_APPROVAL.
      assertThat(afterRelease).containsPattern("image_release_stage_duration_seconds_count\\{[^}]*stage=\"AWAITING_APPROVAL\"[^}]*\\} 1");

      // What the dashboard and the alert rules name of these is in a real worker's scrape (AlertRulesTest holds the rest).
      assertThat(MonitoringFiles.seriesNamed())
          .filteredOn(name -> name.startsWith("temporal_") || name.startsWith("image_release_stage_duration"))
          .isNotEmpty()
          .allSatisfy(name -> assertThat(MonitoringFiles.exports(afterRelease, name)).as("%s is exported", name).isTrue());

      Optional<PromtoolCheck.Verdict> verdict = PromtoolCheck.check(afterRelease);
      verdict.ifPresent(v -> assertThat(v.exitCode()).as("promtool check metrics said:\n%s", v.output()).isZero());
    }
  }

  /**
   * What the consumer's census exports while the release waits at its gate: the release answers
   * its status query (a worker runs), so the time at the stage is that of the stage, not of the release.
   */
  private static String censusDuring(ReleaseClient client) {
    List<RunningRelease> running = new RunningReleases(client).get();
    assertThat(running).singleElement().satisfies(r -> assertThat(r.stage()).isEqualTo("AWAITING_APPROVAL"));
    assertThat(running.get(0).since()).as("when the gate was reached, from the status query")
        .isAfter(client.list(Optional.empty()).releases().get(0).started());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ReleaseCensus census = ReleaseCensus.registered(registry, () -> running, List.of(), Map::of, Clock.systemUTC())) {
      census.countNow();
    }
    return registry.scrape();
  }

  private ImageReleaseConfig config(EmbeddedTemporal server) {
    return OneRootRelease.config(server, directory.resolve("mirror")).withMonitoring(new MonitoringSettings("127.0.0.1", 0));
  }

  /** The mirror's sample of a series labelled by target. */
  private static double sample(String exposition, String series) {
    return MonitoringScrape.sample(exposition, series + "{target=\"" + MIRROR + "\"}");
  }

  /**
   * Meters reported through the SDK's tally scope reach the registry late: its timers at once,
   * its counters and gauges at the scope's report interval.
   */
  private static String awaitSeries(int port, String... names) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      String exposition = MonitoringScrape.get(port, "/metrics").body();
      if (Arrays.stream(names).allMatch(exposition::contains) || System.nanoTime() > deadline) {
        return exposition;
      }
      Thread.sleep(200);
    }
  }

  private static void awaitStage(ReleaseClient client, String composeId, ReleaseStage stage) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.status(composeId).stage() != stage) {
      assertThat(System.nanoTime()).as("release reaches %s", stage).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
