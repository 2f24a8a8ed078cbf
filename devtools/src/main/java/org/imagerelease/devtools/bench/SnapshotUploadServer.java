package org.imagerelease.devtools.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The far end of the bench's cloud sink: takes snapshot blocks over loopback HTTP in the shape of
 * the EBS direct API (StartSnapshot, PutSnapshotBlock, CompleteSnapshot) and does the checks EBS
 * does on them, so a transfer into it pays a real upload's costs on the sending side: a request
 * per block, the whole block on the wire, and a SHA-256 that must be right. It runs in the
 * bench's own process, not in the measured one, as a cloud would.
 *
 * <p>Each block's SHA-256 is checked against its {@code x-amz-Checksum} header; completion checks
 * the block count and the {@code LINEAR} aggregate (SHA-256 over the blocks' digests in index
 * order) against the sender's. Any mismatch is a 400, which fails the transfer.
 */
final class SnapshotUploadServer implements AutoCloseable {
  static final int BLOCK_SIZE = 512 * 1024;
  private static final int THREADS = 32;
  private static final Pattern BLOCK = Pattern.compile("/snapshots/([^/]+)/blocks/(\\d+)");
  private static final Pattern COMPLETION = Pattern.compile("/snapshots/completion/([^/]+)");

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger snapshotNumbers = new AtomicInteger();
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
  private final AtomicLong blocksReceived = new AtomicLong();
  /** A block and one byte more, so a longer body shows; one per server thread, reused. */
  private final ThreadLocal<byte[]> bodies = ThreadLocal.withInitial(() -> new byte[BLOCK_SIZE + 1]);

  /** One snapshot being written: the digest of every block received, by index. */
  private static final class Snapshot {
    private final TreeMap<Long, byte[]> digests = new TreeMap<>();
  }

  private SnapshotUploadServer() throws IOException {
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, task -> {
      Thread thread = new Thread(task, "snapshot-upload-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/snapshots", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  static SnapshotUploadServer start() throws IOException {
    return new SnapshotUploadServer();
  }

  /** Where a sink sends its snapshots. */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Blocks received and checked so far, over all snapshots. */
  long blocksReceived() {
    return blocksReceived.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher block = BLOCK.matcher(path);
      Matcher completion = COMPLETION.matcher(path);
      if (method.equals("POST") && path.equals("/snapshots")) {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        String snapshotId = "snap-" + snapshotNumbers.incrementAndGet();
        snapshots.put(snapshotId, new Snapshot());
        respond(exchange, 201, "{\"SnapshotId\":\"" + snapshotId + "\",\"BlockSize\":" + BLOCK_SIZE + ",\"Status\":\"pending\"}");
      } else if (method.equals("PUT") && block.matches()) {
        putBlock(exchange, block.group(1), Long.parseLong(block.group(2)));
      } else if (method.equals("POST") && completion.matches()) {
        complete(exchange, completion.group(1));
      } else {
        respond(exchange, 404, error("no such operation: " + method + " " + path));
      }
    }
  }

  private void putBlock(HttpExchange exchange, String snapshotId, long index) throws IOException {
    Snapshot snapshot = snapshots.get(snapshotId);
    byte[] body = bodies.get();
    int length = readBody(exchange.getRequestBody(), body);
    if (snapshot == null) {
      respond(exchange, 404, error("no snapshot " + snapshotId));
      return;
    }
    if (length != BLOCK_SIZE) {
      respond(exchange, 400, error("block " + index + " has " + length + " bytes or more, not " + BLOCK_SIZE));
      return;
    }
    MessageDigest sha256 = sha256();
    sha256.update(body, 0, length);
    byte[] digest = sha256.digest();
    String claimed = exchange.getRequestHeaders().getFirst("x-amz-Checksum");
    if (!Base64.getEncoder().encodeToString(digest).equals(claimed)) {
      respond(exchange, 400, error("block " + index + " does not match its checksum " + claimed));
      return;
    }
    synchronized (snapshot) {
      snapshot.digests.put(index, digest);
    }
    blocksReceived.incrementAndGet();
    exchange.getResponseHeaders().add("x-amz-Checksum", claimed);
    exchange.getResponseHeaders().add("x-amz-Checksum-Algorithm", "SHA256");
    respond(exchange, 201, "");
  }

  private void complete(HttpExchange exchange, String snapshotId) throws IOException {
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    Snapshot snapshot = snapshots.remove(snapshotId);
    if (snapshot == null) {
      respond(exchange, 404, error("no snapshot " + snapshotId));
      return;
    }
    MessageDigest linear = sha256();
    int blocks;
    synchronized (snapshot) {
      snapshot.digests.values().forEach(linear::update);
      blocks = snapshot.digests.size();
    }
    String aggregate = Base64.getEncoder().encodeToString(linear.digest());
    String claimedCount = exchange.getRequestHeaders().getFirst("x-amz-ChangedBlocksCount");
    String claimed = exchange.getRequestHeaders().getFirst("x-amz-Checksum");
    if (!Integer.toString(blocks).equals(claimedCount) || !aggregate.equals(claimed)) {
      respond(exchange, 400, error("snapshot " + snapshotId + " received " + blocks + " blocks with LINEAR checksum "
          + aggregate + ", the sender says " + claimedCount + " with " + claimed));
      return;
    }
    respond(exchange, 202, "{\"Status\":\"completed\"}");
  }

  /** Reads the body into {@code buffer}, discarding what does not fit; how many bytes fit. */
  private static int readBody(InputStream body, byte[] buffer) throws IOException {
    try (body) {
      int length = body.readNBytes(buffer, 0, buffer.length);
      body.transferTo(OutputStream.nullOutputStream());
      return length;
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static String error(String message) {
    return "{\"Message\":\"" + message.replace("\"", "'") + "\"}";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
