package org.imagerelease.activities.testgate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * ResultsDB's API on loopback: answers {@code /api/v2.0/results/latest} with queued answers, the
 * last one again once the queue is down to it, and keeps every request URI it got.
 */
final class ResultsDbServer implements AutoCloseable {
  /** One answer: status, JSON body, and how long to wait before sending it. */
  record Answer(int status, String body, Duration delay) {
    static Answer ok(String body) {
      return new Answer(200, body, Duration.ZERO);
    }

    static Answer status(int status, String body) {
      return new Answer(status, body, Duration.ZERO);
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
  final List<URI> requests = Collections.synchronizedList(new ArrayList<>());

  ResultsDbServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/api/v2.0/results/latest", this::answer);
    server.start();
  }

  /** The API root, as configured in {@code [consumer_config.resultsdb] url}. */
  URI apiBase() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/api/v2.0");
  }

  ResultsDbServer answers(Answer... next) {
    answers.addAll(List.of(next));
    return this;
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestURI());
    Answer answer = answers.size() > 1 ? answers.pollFirst() : answers.peekFirst();
    if (answer == null) {
      answer = Answer.ok(ResultsDbJson.latest(List.of()));
    }
    try {
      Thread.sleep(answer.delay().toMillis());
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The client gave up waiting (a timeout test); nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
