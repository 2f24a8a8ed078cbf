package org.imagerelease.localcloud.azure.blob;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, stateful Blob service for page blobs, written from the Blob service REST API
 * (x-ms-version 2021 and later) for the calls a page-blob upload makes: Create Container, Put
 * Blob (page blob), Put Page (update and clear), Get Page Ranges, Get Blob Properties, Set Blob
 * Metadata, Get Blob (with a range), Delete Blob and List Blobs. Any Blob client can use it with
 * the development account's connection string; it accepts any signature, and answers the rest
 * with 400 UnsupportedOperation.
 *
 * <p>It holds Azure's rules where Azurite is lenient: a Put Page of more than 4 MiB, or not
 * 512-aligned, or past the blob's end, is refused as Azure refuses it.
 *
 * <p>Why this and not WireMock: a resumed upload asks the blob which pages it holds, and the
 * tests read the blob back; stubs would have to keep that state anyway, in WireMock's extension
 * API rather than in plain code, and with a dependency this module does not have otherwise.
 */
public final class EmbeddedBlobService implements AutoCloseable {
  public static final String ACCOUNT = "devstoreaccount1";
  /** Azure's largest Put Page. */
  static final int MAX_PUT_PAGE_BYTES = 4 << 20;

  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final String META = "x-ms-meta-";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Map<String, PageBlob>> containers = new ConcurrentHashMap<>();
  private final AtomicInteger putPagesInFlight = new AtomicInteger();
  private final AtomicInteger mostPutPagesInFlight = new AtomicInteger();

  private EmbeddedBlobService(int port) throws IOException {
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "embedded-blob-service");
              thread.setDaemon(true);
              return thread;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts the service on a free port of the loopback interface. */
  public static EmbeddedBlobService start() {
    try {
      return new EmbeddedBlobService(0);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the embedded Blob service: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The account's blob endpoint, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}. */
  public String blobEndpoint() {
    return "http://127.0.0.1:" + port() + "/" + ACCOUNT;
  }

  /** The most Put Page requests it served at once since it started. */
  public int mostPutPagesInFlight() {
    return mostPutPagesInFlight.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = Request.of(exchange);
      if (!request.account().equals(ACCOUNT)) {
        error(exchange, 404, "ResourceNotFound", "No account " + request.account());
        return;
      }
      if (request.blob().isEmpty()) {
        container(exchange, request);
      } else {
        blob(exchange, request);
      }
    } catch (RuntimeException e) {
      error(exchange, 500, "InternalError", String.valueOf(e));
    }
  }

  private void container(HttpExchange exchange, Request request) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("PUT") && request.is("restype", "container") && request.query().get("comp") == null) {
      if (containers.putIfAbsent(request.container(), new ConcurrentHashMap<>()) != null) {
        error(exchange, 409, "ContainerAlreadyExists", "The specified container already exists.");
        return;
      }
      Headers headers = common(exchange);
      headers.set("ETag", "\"0x1\"");
      headers.set("Last-Modified", RFC_1123.format(Instant.now()));
      empty(exchange, 201);
    } else if (method.equals("GET") && request.is("restype", "container") && request.is("comp", "list")) {
      listBlobs(exchange, request);
    } else if (method.equals("DELETE") && request.is("restype", "container")) {
      if (containers.remove(request.container()) == null) {
        error(exchange, 404, "ContainerNotFound", "The specified container does not exist.");
        return;
      }
      common(exchange);
      empty(exchange, 202);
    } else {
      error(exchange, 400, "UnsupportedOperation", method + " " + exchange.getRequestURI() + " is not served here");
    }
  }

  private void blob(HttpExchange exchange, Request request) throws IOException {
    Map<String, PageBlob> blobs = containers.get(request.container());
    if (blobs == null) {
      error(exchange, 404, "ContainerNotFound", "The specified container does not exist.");
      return;
    }
    String method = exchange.getRequestMethod();
    String comp = request.query().getOrDefault("comp", "");
    PageBlob blob = blobs.get(request.blob());
    if (method.equals("PUT") && comp.isEmpty()) {
      createBlob(exchange, blobs, request);
      return;
    }
    if (blob == null) {
      error(exchange, 404, "BlobNotFound", "The specified blob does not exist.");
      return;
    }
    switch (method + " " + comp) {
      case "PUT page" -> putPage(exchange, blob);
      case "GET pagelist" -> pageList(exchange, blob);
      case "HEAD " -> {
        properties(exchange, blob);
        exchange.sendResponseHeaders(200, -1);
      }
      case "GET " -> getBlob(exchange, blob);
      case "PUT metadata" -> {
        blob.setMetadata(metadataOf(exchange.getRequestHeaders()), Instant.now());
        Headers headers = common(exchange);
        headers.set("ETag", blob.etag());
        headers.set("Last-Modified", RFC_1123.format(blob.modified()));
        empty(exchange, 200);
      }
      case "DELETE " -> {
        blobs.remove(request.blob());
        common(exchange);
        empty(exchange, 202);
      }
      default -> error(exchange, 400, "UnsupportedOperation", method + " comp=" + comp + " is not served here");
    }
  }

  private void createBlob(HttpExchange exchange, Map<String, PageBlob> blobs, Request request) throws IOException {
    Headers in = exchange.getRequestHeaders();
    if (!"PageBlob".equals(in.getFirst("x-ms-blob-type"))) {
      error(exchange, 400, "UnsupportedBlobType", "Only page blobs are served here, not " + in.getFirst("x-ms-blob-type"));
      return;
    }
    long size = Long.parseLong(in.getFirst("x-ms-blob-content-length"));
    if (size % PageBlob.PAGE != 0 || size < 0) {
      error(exchange, 400, "InvalidHeaderValue", "x-ms-blob-content-length must be a multiple of 512");
      return;
    }
    PageBlob created = new PageBlob(size, metadataOf(in), Instant.now());
    if ("*".equals(in.getFirst("If-None-Match"))) {
      if (blobs.putIfAbsent(request.blob(), created) != null) {
        error(exchange, 409, "BlobAlreadyExists", "The specified blob already exists.");
        return;
      }
    } else {
      blobs.put(request.blob(), created);
    }
    Headers headers = common(exchange);
    headers.set("ETag", created.etag());
    headers.set("Last-Modified", RFC_1123.format(created.modified()));
    headers.set("x-ms-request-server-encrypted", "false");
    empty(exchange, 201);
  }

  private void putPage(HttpExchange exchange, PageBlob blob) throws IOException {
    int inFlight = putPagesInFlight.incrementAndGet();
    mostPutPagesInFlight.accumulateAndGet(inFlight, Math::max);
    try {
      Headers in = exchange.getRequestHeaders();
      long[] range = range(in);
      if (range == null || range[1] < 0) {
        error(exchange, 400, "InvalidHeaderValue", "Put Page needs x-ms-range or Range with a start and an end");
        return;
      }
      long start = range[0];
      long length = range[1] - range[0] + 1;
      if (start % PageBlob.PAGE != 0 || length % PageBlob.PAGE != 0) {
        error(exchange, 416, "InvalidPageRange", "The page range specified is invalid.");
        return;
      }
      if (range[1] >= blob.size()) {
        error(exchange, 416, "InvalidPageRange", "The page range specified is invalid.");
        return;
      }
      String write = in.getFirst("x-ms-page-write");
      if ("clear".equals(write)) {
        blob.clear(start, start + length, Instant.now());
      } else if ("update".equals(write)) {
        if (length > MAX_PUT_PAGE_BYTES) {
          error(exchange, 413, "RequestBodyTooLarge", "The request body is too large and exceeds the maximum permissible limit.");
          return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length != length) {
          error(exchange, 400, "InvalidHeaderValue", "The body is " + body.length + " bytes, the range " + length);
          return;
        }
        blob.write(start, body, Instant.now());
      } else {
        error(exchange, 400, "InvalidHeaderValue", "x-ms-page-write must be update or clear");
        return;
      }
      Headers headers = common(exchange);
      headers.set("ETag", blob.etag());
      headers.set("Last-Modified", RFC_1123.format(blob.modified()));
      headers.set("x-ms-blob-sequence-number", "0");
      headers.set("x-ms-request-server-encrypted", "false");
      empty(exchange, 201);
    } finally {
      putPagesInFlight.decrementAndGet();
    }
  }

  private void pageList(HttpExchange exchange, PageBlob blob) throws IOException {
    long[] range = range(exchange.getRequestHeaders());
    long from = range == null ? 0 : range[0];
    long to = range == null || range[1] < 0 ? blob.size() : range[1] + 1;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><PageList>");
    for (long[] pages : blob.pageRanges(from, to)) {
      xml.append("<PageRange><Start>").append(pages[0]).append("</Start><End>").append(pages[1]).append("</End></PageRange>");
    }
    xml.append("<NextMarker /></PageList>");
    Headers headers = common(exchange);
    headers.set("ETag", blob.etag());
    headers.set("Last-Modified", RFC_1123.format(blob.modified()));
    headers.set("x-ms-blob-content-length", Long.toString(blob.size()));
    body(exchange, 200, "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void getBlob(HttpExchange exchange, PageBlob blob) throws IOException {
    long[] range = range(exchange.getRequestHeaders());
    long start = range == null ? 0 : range[0];
    long end = range == null || range[1] < 0 ? blob.size() - 1 : Math.min(range[1], blob.size() - 1);
    if (start >= blob.size() && blob.size() > 0) {
      error(exchange, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
      return;
    }
    byte[] bytes = blob.read(start, (int) Math.max(0, end - start + 1));
    Headers headers = properties(exchange, blob);
    if (range != null) {
      headers.set("Content-Range", "bytes " + start + "-" + end + "/" + blob.size());
    }
    body(exchange, range == null ? 200 : 206, "application/octet-stream", bytes);
  }

  private void listBlobs(HttpExchange exchange, Request request) throws IOException {
    Map<String, PageBlob> blobs = containers.get(request.container());
    if (blobs == null) {
      error(exchange, 404, "ContainerNotFound", "The specified container does not exist.");
      return;
    }
    String prefix = request.query().getOrDefault("prefix", "");
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"")
        .append(blobEndpoint()).append("/\" ContainerName=\"").append(escape(request.container())).append("\"><Blobs>");
    blobs.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              PageBlob blob = e.getValue();
              xml.append("<Blob><Name>").append(escape(e.getKey())).append("</Name><Properties>")
                  .append("<Creation-Time>").append(RFC_1123.format(blob.created())).append("</Creation-Time>")
                  .append("<Last-Modified>").append(RFC_1123.format(blob.modified())).append("</Last-Modified>")
                  .append("<Etag>").append(escape(blob.etag())).append("</Etag>")
                  .append("<Content-Length>").append(blob.size()).append("</Content-Length>")
                  .append("<BlobType>PageBlob</BlobType></Properties>");
              if (request.query().getOrDefault("include", "").contains("metadata")) {
                xml.append("<Metadata>");
                blob.metadata().forEach((k, v) -> xml.append('<').append(k).append('>').append(escape(v)).append("</").append(k).append('>'));
                xml.append("</Metadata>");
              }
              xml.append("</Blob>");
            });
    xml.append("</Blobs><NextMarker /></EnumerationResults>");
    common(exchange);
    body(exchange, 200, "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Headers properties(HttpExchange exchange, PageBlob blob) {
    Headers headers = common(exchange);
    headers.set("x-ms-blob-type", "PageBlob");
    headers.set("ETag", blob.etag());
    headers.set("Last-Modified", RFC_1123.format(blob.modified()));
    headers.set("x-ms-creation-time", RFC_1123.format(blob.created()));
    headers.set("x-ms-blob-sequence-number", "0");
    headers.set("x-ms-lease-state", "available");
    headers.set("x-ms-lease-status", "unlocked");
    headers.set("x-ms-server-encrypted", "false");
    headers.set("Accept-Ranges", "bytes");
    headers.set("Content-Type", "application/octet-stream");
    // A HEAD answer has no body but says the blob's length; the JDK server would otherwise drop it.
    if (exchange.getRequestMethod().equals("HEAD")) {
      headers.set("Content-Length", Long.toString(blob.size()));
    }
    blob.metadata().forEach((key, value) -> headers.set(META + key, value));
    return headers;
  }

  private static Map<String, String> metadataOf(Headers headers) {
    Map<String, String> metadata = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          if (name.toLowerCase(Locale.ROOT).startsWith(META) && !values.isEmpty()) {
            metadata.put(name.substring(META.length()).toLowerCase(Locale.ROOT), values.get(0));
          }
        });
    return metadata;
  }

  /** The x-ms-range or Range header as {start, end or -1}, or null without one. */
  private static long[] range(Headers headers) {
    String value = headers.getFirst("x-ms-range");
    if (value == null) {
      value = headers.getFirst("Range");
    }
    if (value == null) {
      return null;
    }
    Matcher matcher = RANGE.matcher(value.trim());
    if (!matcher.matches()) {
      return null;
    }
    return new long[] {Long.parseLong(matcher.group(1)), matcher.group(2).isEmpty() ? -1 : Long.parseLong(matcher.group(2))};
  }

  private static Headers common(HttpExchange exchange) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("x-ms-request-id", UUID.randomUUID().toString());
    headers.set("x-ms-version", exchange.getRequestHeaders().getOrDefault("x-ms-version", List.of("2021-12-02")).get(0));
    headers.set("Date", RFC_1123.format(Instant.now()));
    return headers;
  }

  private static void empty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  private static void body(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    Headers headers = common(exchange);
    headers.set("x-ms-error-code", code);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    String xml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message></Error>";
    body(exchange, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Path-style address: {@code /<account>/<container>[/<blob>]} and the query. */
  private record Request(String account, String container, String blob, Map<String, String> query) {
    static Request of(HttpExchange exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String[] parts = path.substring(1).split("/", 3);
      Map<String, String> query = new LinkedHashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return new Request(
          parts.length > 0 ? parts[0] : "",
          parts.length > 1 ? parts[1] : "",
          parts.length > 2 ? URLDecoder.decode(parts[2].replace("+", "%2B"), StandardCharsets.UTF_8) : "",
          query);
    }

    boolean is(String key, String value) {
      return value.equals(query.get(key));
    }
  }
}
