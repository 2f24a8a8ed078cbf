package org.imagerelease.starter.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.worker.config.MonitoringSettings;
import org.imagerelease.worker.monitoring.MonitoringServer;
import org.imagerelease.worker.monitoring.ProcessMetrics;
import org.imagerelease.worker.monitoring.Readiness;
import org.junit.jupiter.api.Test;

class MonitoringServerTest {
  private static final MonitoringSettings ANY_FREE_PORT = new MonitoringSettings("127.0.0.1", 0);

  @Test
  void servesLivenessReadinessAndTheProjectsMetricsInPrometheusFormat() throws Exception {
    AtomicBoolean brokerUp = new AtomicBoolean(true);
    try (ProcessMetrics metrics = ProcessMetrics.start();
        MonitoringServer server =
            MonitoringServer.start(
                ANY_FREE_PORT,
                metrics,
                List.of(
                    () -> Readiness.ready("temporal", "127.0.0.1:7233"),
                    () -> brokerUp.get() ? Readiness.ready("broker", "amqp://localhost") : Readiness.notReady("broker", "amqp://localhost, connection lost")))) {
      ReleaseMetrics.transfersTo("monitoring-test").sentBytes().increment(4096);
      ReleaseMetrics.messageRejected("malformed");

      assertThat(MonitoringScrape.get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(MonitoringScrape.get(server.port(), "/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = MonitoringScrape.get(server.port(), "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("temporal: ok", "broker: ok");

      brokerUp.set(false);
      HttpResponse<String> notReady = MonitoringScrape.get(server.port(), "/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("broker: not ready (amqp://localhost, connection lost)");

      HttpResponse<String> scrape = MonitoringScrape.get(server.port(), "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(MonitoringScrape.sample(scrape.body(), "image_release_transfer_sent_bytes_total{target=\"monitoring-test\"}")).isGreaterThanOrEqualTo(4096);
      assertThat(MonitoringScrape.sample(scrape.body(), "image_release_messages_rejected_total{reason=\"malformed\"}")).isGreaterThanOrEqualTo(1);
      assertThat(scrape.body()).contains("jvm_memory_used_bytes");
      Optional<PromtoolCheck.Verdict> verdict = PromtoolCheck.check(scrape.body());
      verdict.ifPresent(v -> assertThat(v.exitCode()).as("promtool check metrics said:\n%s", v.output()).isZero());

      assertThat(MonitoringScrape.get(server.port(), "/readyzz").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aTakenPortIsRefusedWithWhatToChange() throws Exception {
    try (ProcessMetrics metrics = ProcessMetrics.start();
        MonitoringServer first = MonitoringServer.start(ANY_FREE_PORT, metrics, List.of())) {
      MonitoringSettings taken = new MonitoringSettings("127.0.0.1", first.port());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonitoringServer.start(taken, metrics, List.of()))
          .hasMessageContaining("port " + first.port())
          .hasMessageContaining(MonitoringSettings.PORT_ENV);
    }
  }
}
