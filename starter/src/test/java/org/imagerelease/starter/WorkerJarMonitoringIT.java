package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.imagerelease.starter.monitoring.MonitoringScrape;
import org.imagerelease.starter.monitoring.PromtoolCheck;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.MonitoringSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar image-release-worker.jar worker}, as the container runs it, against a Temporal
 * test server in this JVM: it answers {@code /healthz}, is ready while Temporal answers and not
 * once Temporal is gone, and serves the SDK's meters in a form promtool accepts. Runs after
 * {@code package} (failsafe). A release through a worker process is scraped in devtools'
 * MetricsDuringReleaseTest.
 */
class WorkerJarMonitoringIT {
  @TempDir Path directory;

  @Test
  void aWorkerFromTheJarAnswersHealthReadinessAndMetrics() throws Exception {
    Path jar = Path.of(System.getProperty("imagerelease.productionJar", "(imagerelease.productionJar not set: run by failsafe)"));
    assertThat(jar).as("the production jar; `mvn package` makes it").isRegularFile();
    int temporalPort = freePort();
    int monitoringPort = freePort();
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort);
    ProcessBuilder command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "worker", "--address", "127.0.0.1:" + temporalPort)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("worker.log").toFile());
    command.environment().remove(ConfigLoader.CONFIG_ENV);
    command.environment().put(MonitoringSettings.PORT_ENV, Integer.toString(monitoringPort));
    Process worker = command.start();
    try {
      HttpResponse<String> health = await(monitoringPort, "/healthz", response -> response.statusCode() == 200, worker);
      assertThat(health.body()).isEqualTo("ok\n");
      HttpResponse<String> ready = await(monitoringPort, "/readyz", response -> response.statusCode() == 200, worker);
      assertThat(ready.body()).contains("temporal: ok (127.0.0.1:" + temporalPort + ")");
      HttpResponse<String> metrics = await(monitoringPort, "/metrics", response -> response.body().contains("temporal_num_pollers"), worker);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      Optional<PromtoolCheck.Verdict> verdict = PromtoolCheck.check(metrics.body());
      verdict.ifPresent(v -> assertThat(v.exitCode()).as("promtool check metrics said:\n%s", v.output()).isZero());

      temporal.close();
      HttpResponse<String> notReady = await(monitoringPort, "/readyz", response -> response.statusCode() == 503, worker);
      assertThat(notReady.body()).contains("temporal: not ready");
      assertThat(MonitoringScrape.get(monitoringPort, "/healthz").statusCode()).as("alive without Temporal").isEqualTo(200);
    } finally {
      temporal.close();
      worker.destroy();
      if (!worker.waitFor(60, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  /** Asks until the answer is the one wanted; fails with the worker's log if the worker died or never answered so. */
  private HttpResponse<String> await(int port, String path, Predicate<HttpResponse<String>> wanted, Process worker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline && worker.isAlive()) {
      try {
        last = MonitoringScrape.get(port, path);
        if (wanted.test(last)) {
          return last;
        }
      } catch (ConnectException notListeningYet) {
        // The JVM is still starting.
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        path + " never answered as expected; last answer: " + (last == null ? "none" : last.statusCode() + " " + last.body().lines().limit(5).toList())
            + "\nworker log:\n" + java.nio.file.Files.readString(directory.resolve("worker.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
