package org.imagerelease.localcloud.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a directory (a compose) over HTTP on 127.0.0.1 the way a download mirror does: GET and
 * HEAD, single byte ranges (206, 416), ETag and Last-Modified, files streamed from disk, and
 * redirects as a mirror redirector sends them. Paths that leave the directory are refused.
 * {@link #faults()} makes it misbehave on purpose.
 */
public final class ComposeHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ComposeHttpServer.class);
  private static final int THREADS = 16;
  private static final int CHUNK = 64 * 1024;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final Path root;
  private final Path realRoot;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Faults faults = new Faults();
  private final List<Response> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, URI> redirects = new ConcurrentHashMap<>();
  private volatile String requiredAuthorization;
  private volatile boolean closed;

  private ComposeHttpServer(Path root, int port) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, task -> {
      Thread thread = new Thread(task, "compose-http-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Serving {} at {}", this.root, baseUri());
  }

  /** Serves {@code root} on an ephemeral port of 127.0.0.1. */
  public static ComposeHttpServer start(Path root) throws IOException {
    return start(root, 0);
  }

  /** Serves {@code root} on {@code port} of 127.0.0.1 (0 for an ephemeral one). */
  public static ComposeHttpServer start(Path root, int port) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("not a directory: " + root);
    }
    return new ComposeHttpServer(root, port);
  }

  /** {@code http://127.0.0.1:<port>/}: the served directory's URL, ending in a slash. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The URL of a file given by its path relative to the served directory. */
  public URI uriOf(String relativePath) {
    try {
      return new URI("http", null, "127.0.0.1", server.getAddress().getPort(),
          absolute(relativePath), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a usable path: " + relativePath, e);
    }
  }

  public Path root() {
    return root;
  }

  /**
   * Answers requests for {@code fromPath} with a 302 to {@code toPath}, as a mirror redirector
   * sends clients on to a mirror, before any fault applies. Both paths are relative to the
   * served directory; {@code fromPath} need not exist.
   *
   * @return the URL of {@code fromPath}, which clients ask
   */
  public URI redirect(String fromPath, String toPath) {
    return redirect(fromPath, uriOf(toPath));
  }

  /**
   * Answers requests for {@code fromPath} with a 302 to any URL, such as another server's: what a
   * hostile or misconfigured compose host may send.
   *
   * @return the URL of {@code fromPath}, which clients ask
   */
  public URI redirect(String fromPath, URI to) {
    redirects.put(absolute(fromPath), to);
    return uriOf(fromPath);
  }

  /**
   * Answers every request without this HTTP Basic login with 401 and a challenge, as a compose
   * host behind a password does.
   */
  public void requireLogin(String user, String password) {
    requiredAuthorization =
        "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Faults to inject; changes apply to responses that start afterwards. */
  public Faults faults() {
    return faults;
  }

  /**
   * Every request received so far, oldest first, as far as each response has got: a client
   * that has seen a response (headers or body bytes) finds it here already.
   */
  public List<ServedRequest> requests() {
    synchronized (requests) {
      return requests.stream().map(Response::snapshot).toList();
    }
  }

  /** Requests answered so far for one path (relative to the root, with or without leading slash). */
  public List<ServedRequest> requestsFor(String relativePath) {
    String path = absolute(relativePath);
    return requests().stream().filter(request -> request.path().equals(path)).toList();
  }

  /** Forgets every request so far, so that a test sees only what its next step asks for. */
  public void forgetRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    faults.release();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Stopped serving {}", root);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Response response = new Response(exchange);
    requests.add(response);
    boolean dropped = false;
    try {
      serve(exchange, response);
    } catch (DroppedConnection e) {
      // Thrown out of the handler, the IOException makes the JDK server close the connection.
      dropped = true;
      throw e;
    } catch (IOException e) {
      log.debug("Response to {} {} ended early: {}", response.method, response.path, e.toString());
    } finally {
      if (!dropped) {
        exchange.close();
      }
    }
  }

  /**
   * One response as far as it got. Status and byte count are updated before the client can see
   * them, so a client that has read a response finds it complete in {@link #requests()}.
   */
  private static final class Response {
    final HttpExchange exchange;
    final String method;
    final String path;
    final String range;
    volatile int status;
    volatile long bodyBytes;

    Response(HttpExchange exchange) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod();
      this.path = exchange.getRequestURI().getPath();
      this.range = exchange.getRequestHeaders().getFirst("Range");
    }

    void headersOnly(int code) throws IOException {
      status = code;
      exchange.sendResponseHeaders(code, -1);
    }

    ServedRequest snapshot() {
      return new ServedRequest(method, path, range, status, bodyBytes);
    }
  }

  /** Signals that a fault asks for the connection to be cut. */
  private static final class DroppedConnection extends IOException {
    DroppedConnection(String message) {
      super(message);
    }
  }

  private void serve(HttpExchange exchange, Response response) throws IOException {
    String method = response.method;
    String path = response.path;
    Headers headers = exchange.getResponseHeaders();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      headers.set("Allow", "GET, HEAD");
      response.headersOnly(405);
      return;
    }
    String login = requiredAuthorization;
    if (login != null && !login.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      headers.set("WWW-Authenticate", "Basic realm=\"compose\"");
      response.headersOnly(401);
      return;
    }
    URI redirect = redirects.get(path);
    if (redirect != null) {
      headers.set("Location", redirect.toString());
      response.headersOnly(302);
      return;
    }
    Faults.Plan plan = faults.planFor(path);
    if (plan.failStatus() != 0) {
      response.headersOnly(plan.failStatus());
      return;
    }
    Path file = root.resolve(path.substring(1)).normalize();
    if (!file.startsWith(root) || path.contains("\0")) {
      response.headersOnly(403);
      return;
    }
    if (!Files.isRegularFile(file)) {
      response.headersOnly(404);
      return;
    }
    if (!file.toRealPath().startsWith(realRoot)) {
      response.headersOnly(403); // a symbolic link out of the served tree
      return;
    }
    long size = Files.size(file);
    long modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
    String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(size) + "\"";
    String lastModified = HTTP_DATE.format(Instant.ofEpochMilli(modified));
    headers.set("Accept-Ranges", plan.ignoreRange() ? "none" : "bytes");
    headers.set("ETag", etag);
    headers.set("Last-Modified", lastModified);
    headers.set("Content-Type", contentType(file));

    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    boolean rangeApplies = ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModified);
    ByteRange range =
        ByteRange.of(rangeApplies && !plan.ignoreRange() ? response.range : null, size);
    long first = 0;
    long length = size;
    int status = 200;
    if (range instanceof ByteRange.Unsatisfiable) {
      headers.set("Content-Range", "bytes */" + size);
      response.headersOnly(416);
      return;
    }
    if (range instanceof ByteRange.Part part) {
      first = part.first();
      length = part.length();
      status = 206;
      headers.set("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size);
    }
    if (head || length == 0) {
      // HEAD (and an empty body) must not pass a length to sendResponseHeaders; say it here.
      headers.set("Content-Length", Long.toString(length));
      response.headersOnly(status);
      return;
    }
    response.status = status;
    exchange.sendResponseHeaders(status, length);
    try (OutputStream body = exchange.getResponseBody();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      streamBody(channel, first, length, body, plan, response);
    }
  }

  private void streamBody(FileChannel channel, long first, long length, OutputStream body,
      Faults.Plan plan, Response response) throws IOException {
    int chunk = plan.bytesPerSecond() > 0
        ? (int) Math.max(1, Math.min(CHUNK, plan.bytesPerSecond() / 20))
        : CHUNK;
    ByteBuffer buffer = ByteBuffer.allocate(chunk);
    long started = System.nanoTime();
    boolean stalled = false;
    while (response.bodyBytes < length) {
      long limit = length - response.bodyBytes;
      if (plan.dropAfter() >= 0) {
        limit = Math.min(limit, plan.dropAfter() - response.bodyBytes);
      }
      if (plan.stallAfter() >= 0 && !stalled) {
        long untilStall = plan.stallAfter() - response.bodyBytes;
        if (untilStall <= 0) {
          body.flush();
          pause(plan);
          stalled = true;
          continue;
        }
        limit = Math.min(limit, untilStall);
      }
      if (limit <= 0) {
        body.flush();
        throw new DroppedConnection("fault: connection dropped after " + response.bodyBytes + " bytes");
      }
      buffer.clear().limit((int) Math.min(buffer.capacity(), limit));
      int read = channel.read(buffer, first + response.bodyBytes);
      if (read < 0) {
        throw new IOException("file shrank while being served");
      }
      if (plan.bytesPerSecond() > 0) {
        // Wait before sending, so that by any moment at most rate x elapsed bytes have left.
        throttle(started, response.bodyBytes + read, plan.bytesPerSecond());
      }
      response.bodyBytes += read;
      body.write(buffer.array(), 0, read);
      if (plan.bytesPerSecond() > 0) {
        body.flush();
      }
    }
  }

  private void pause(Faults.Plan plan) throws IOException {
    try {
      faults.awaitStall(plan.stall());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("server closed during a stall", e);
    }
    if (closed) {
      throw new IOException("server closed during a stall");
    }
  }

  private static void throttle(long startedNanos, long sent, long bytesPerSecond) throws IOException {
    long dueNanos = startedNanos + sent * 1_000_000_000L / bytesPerSecond;
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("server closed while throttling", e);
      }
    }
  }

  private static String absolute(String relativePath) {
    return relativePath.startsWith("/") ? relativePath : "/" + relativePath;
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".json")) {
      return "application/json";
    }
    if (name.endsWith(".xz")) {
      return "application/x-xz";
    }
    if (name.endsWith(".gz")) {
      return "application/gzip";
    }
    if (name.endsWith("CHECKSUM") || name.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }
}
