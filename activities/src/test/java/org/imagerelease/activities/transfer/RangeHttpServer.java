package org.imagerelease.activities.transfer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP file server on loopback with {@code Range} support and injectable faults, standing
 * in for a compose mirror.
 */
final class RangeHttpServer implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

  /** Something that goes wrong with one response. */
  sealed interface Fault {
    /** Sends {@code afterBytes} of the body, then nothing for {@code pause}. */
    record Stall(long afterBytes, Duration pause) implements Fault {}

    /** Sends {@code afterBytes} of the body, then drops the connection. */
    record Drop(long afterBytes) implements Fault {}

    /** Answers with this status and no body. */
    record Status(int code) implements Fault {}
  }

  /** One request as the server saw it; {@code range} is null when none was asked for. */
  record Request(String path, String range) {}

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final Map<String, Boolean> ignoresRange = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, AtomicLong> bytesSent = new ConcurrentHashMap<>();

  /**
   * A server for one test class, registered with {@code @RegisterExtension}: its counters are
   * reset before each test and it stops after the last.
   */
  static RangeHttpServer forTestClass() {
    try {
      return new RangeHttpServer();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the loopback HTTP server", e);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    resetCounters();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  RangeHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  URI serve(String path, byte[] content) {
    files.put(path, content);
    return uriOf(path);
  }

  URI uriOf(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next requests for {@code path} meet these faults, one each, in order. */
  void failNext(String path, Fault... next) {
    faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(next));
  }

  /** Answers requests for {@code from} with a 302 to {@code to}, as a mirror redirector does. */
  URI redirect(String from, String to) {
    redirects.put(from, to);
    return uriOf(from);
  }

  void ignoreRange(String path) {
    ignoresRange.put(path, true);
  }

  void honourRange(String path) {
    ignoresRange.remove(path);
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Body bytes sent for {@code path} since the counters were last reset. */
  long bytesSent(String path) {
    AtomicLong sent = bytesSent.get(path);
    return sent == null ? 0 : sent.get();
  }

  void resetCounters() {
    synchronized (requests) {
      requests.clear();
    }
    bytesSent.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String range = exchange.getRequestHeaders().getFirst("Range");
    synchronized (requests) {
      requests.add(new Request(path, range));
    }
    byte[] content = files.get(path);
    Deque<Fault> pending = faults.get(path);
    Fault fault = pending == null ? null : pending.poll();
    try (exchange) {
      if (redirects.containsKey(path)) {
        exchange.getResponseHeaders().set("Location", redirects.get(path));
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      if (content == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (fault instanceof Fault.Status status) {
        exchange.sendResponseHeaders(status.code(), -1);
        return;
      }
      long total = content.length;
      long start = 0;
      long end = total;
      int code = 200;
      Matcher matcher = range == null ? null : RANGE.matcher(range);
      if (matcher != null && matcher.matches() && !ignoresRange.getOrDefault(path, false)) {
        if (matcher.group(1).isEmpty()) {
          start = Math.max(0, total - Long.parseLong(matcher.group(2)));
        } else {
          start = Long.parseLong(matcher.group(1));
          end = matcher.group(2).isEmpty() ? total : Math.min(total, Long.parseLong(matcher.group(2)) + 1);
        }
        if (start >= total) {
          exchange.getResponseHeaders().set("Content-Range", "bytes */" + total);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        code = 206;
        exchange.getResponseHeaders().set("Content-Range",
            "bytes " + start + "-" + (end - 1) + "/" + total);
      }
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      exchange.sendResponseHeaders(code, end - start);
      sendBody(exchange.getResponseBody(), path, content, start, end, fault);
    } catch (IOException e) {
      // The client went away (a stalled or dropped response it gave up on); nothing to do.
    }
  }

  private void sendBody(
      OutputStream body, String path, byte[] content, long start, long end, Fault fault)
      throws IOException {
    long cut = end;
    if (fault instanceof Fault.Stall stall) {
      cut = Math.min(end, start + stall.afterBytes());
    } else if (fault instanceof Fault.Drop drop) {
      cut = Math.min(end, start + drop.afterBytes());
    }
    write(body, path, content, start, cut);
    if (fault instanceof Fault.Drop) {
      throw new IOException("dropping the connection on purpose");
    }
    if (fault instanceof Fault.Stall stall) {
      sleep(stall.pause());
    }
    write(body, path, content, cut, end);
  }

  private void write(OutputStream body, String path, byte[] content, long from, long to)
      throws IOException {
    AtomicLong sent = bytesSent.computeIfAbsent(path, p -> new AtomicLong());
    for (long at = from; at < to; at += 16 * 1024) {
      int length = (int) Math.min(16 * 1024, to - at);
      body.write(content, (int) at, length);
      sent.addAndGet(length);
    }
    body.flush();
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
