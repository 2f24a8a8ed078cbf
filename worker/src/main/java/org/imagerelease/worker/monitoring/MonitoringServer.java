package org.imagerelease.worker.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.imagerelease.worker.config.MonitoringSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a worker or consumer process, for Kubernetes' probes and Prometheus:
 *
 * <ul>
 *   <li>{@code /healthz} (alias {@code /live}, fedora-messaging's name): 200 while the process runs;
 *   <li>{@code /readyz} (alias {@code /ready}): 200 when every {@link ReadinessCheck} passes, else
 *       503; the body names each check and what it found;
 *   <li>{@code /metrics}: the Prometheus text exposition of {@link ProcessMetrics}.
 * </ul>
 *
 * It runs on the JDK's own HTTP server, with two threads so that a slow readiness check does not
 * hold up a scrape.
 */
public final class MonitoringServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitoringServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService threads;

  private MonitoringServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Listens at once, before the process connects anywhere, so that liveness answers while it
   * waits for Temporal or the broker.
   *
   * @throws IOException when the port is taken
   */
  public static MonitoringServer start(MonitoringSettings settings, ProcessMetrics metrics, List<ReadinessCheck> checks) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(settings.socketAddress(), 0);
    } catch (IOException e) {
      throw new IOException(
          "cannot serve monitoring on " + describe(settings) + ": " + e.getMessage()
              + " (set [monitoring] port in the configuration file, or " + MonitoringSettings.PORT_ENV + ")", e);
    }
    HttpHandler alive = exchange -> respond(exchange, 200, PLAIN_TEXT, "ok\n");
    HttpHandler ready = exchange -> answerReadiness(exchange, checks);
    HttpHandler scrape = exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
    server.createContext("/healthz", exactly("/healthz", alive));
    server.createContext("/live", exactly("/live", alive));
    server.createContext("/readyz", exactly("/readyz", ready));
    server.createContext("/ready", exactly("/ready", ready));
    server.createContext("/metrics", exactly("/metrics", scrape));
    server.createContext("/", exchange -> respond(exchange, 404, PLAIN_TEXT, "not found: try /healthz, /readyz or /metrics\n"));
    ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "monitoring-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.start();
    log.info("Serving /healthz, /readyz and /metrics on {}", describe(settings.withPort(server.getAddress().getPort())));
    return new MonitoringServer(server, threads);
  }

  /** The port listened on (the chosen one when the settings said 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static void answerReadiness(HttpExchange exchange, List<ReadinessCheck> checks) throws IOException {
    List<Readiness> results = checks.stream().map(ReadinessCheck::check).toList();
    boolean ready = results.stream().allMatch(Readiness::ready);
    String body = results.stream().map(Readiness::line).collect(Collectors.joining("\n", "", "\n"));
    respond(exchange, ready ? 200 : 503, PLAIN_TEXT, (ready ? "ready\n" : "not ready\n") + body);
  }

  /** The JDK server matches contexts by prefix; {@code /readyzzz} is not {@code /readyz}. */
  private static HttpHandler exactly(String path, HttpHandler handler) {
    return exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        respond(exchange, 404, PLAIN_TEXT, "not found\n");
      } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, PLAIN_TEXT, "only GET\n");
      } else {
        handler.handle(exchange);
      }
    };
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private static String describe(MonitoringSettings settings) {
    return (settings.address().isEmpty() ? "every interface" : settings.address()) + ", port " + settings.port();
  }
}
