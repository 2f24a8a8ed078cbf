package org.imagerelease.localcloud.azure.arm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.imagerelease.localcloud.AdvancingClock;
import org.imagerelease.localcloud.tls.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful local Azure Resource Manager endpoint for Azure Compute Gallery: galleries, image
 * definitions and image versions (PUT, PATCH, GET, list, DELETE), with ARM's long-running
 * operations ({@code Azure-AsyncOperation} status resources, {@code Location} monitors for
 * deletes, {@code Retry-After}), provisioning states, per-region replication status ({@code
 * $expand=ReplicationStatus}) and failures on demand. It speaks the wire format of the published
 * specification (azure-rest-api-specs {@code Microsoft.Compute/GalleryRP/stable/2024-03-03}, the
 * API version azure-resourcemanager-compute 2.55.1 sends), so any Azure management client given
 * its URL works against it.
 *
 * <p>It serves HTTPS only, on 127.0.0.1, with a certificate made at start: Azure's SDKs send
 * bearer tokens over HTTPS only. Clients trust {@link #clientSslContext()} (Java) or the file
 * {@link #writeCertificate} writes. Any bearer token is accepted and none is checked (a fake
 * {@code TokenCredential} returning a fixed token is enough); a request without one is refused
 * with 401 as ARM refuses it. Resource groups need not be created: every name is one.
 *
 * <pre>{@code
 * try (LocalArm arm = LocalArm.start(LocalArmConfig.everyDelay(Duration.ofMillis(20)))) {
 *   AzureEnvironment environment = new AzureEnvironment(Map.of(
 *       "resourceManagerEndpointUrl", arm.endpoint().toString(), ...));
 *   ComputeManager compute = ComputeManager.configure()
 *       .withHttpClient(new JdkHttpClientBuilder(HttpClient.newBuilder()
 *           .sslContext(arm.clientSslContext())).build())
 *       .authenticate(request -> Mono.just(new AccessToken("local", OffsetDateTime.MAX)),
 *           new AzureProfile(tenant, arm.subscriptionId(), environment));
 *   arm.faults().failReplication("East US");
 *   ...
 *   assertThat(arm.inventory().resources()).isEmpty();
 * }
 * }</pre>
 */
public final class LocalArm implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalArm.class);
  private static final int MAX_BODY = 1024 * 1024;
  private static final int KEPT_CALLS = 10_000;
  private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

  private final AtomicReference<LocalArmConfig> config;
  private final ArmFaults faults = new ArmFaults();
  private final AdvancingClock clock = new AdvancingClock();
  private final GalleryStore store;
  private final SelfSignedCertificate certificate;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final Deque<ArmCall> calls = new ArrayDeque<>();
  private volatile boolean closed;

  private LocalArm(LocalArmConfig initial, int port) throws IOException {
    this.config = new AtomicReference<>(initial);
    this.store = new GalleryStore(config::get, faults, clock);
    this.certificate = SelfSignedCertificate.forLoopback("local-arm", Duration.ofDays(7));
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "local-arm-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Local ARM endpoint (Microsoft.Compute galleries) at {}, subscription {}", endpoint(),
        initial.subscriptionId());
  }

  /** Serves on an ephemeral port of 127.0.0.1. */
  public static LocalArm start(LocalArmConfig config) {
    return start(config, 0);
  }

  /** Serves on {@code port} of 127.0.0.1 (0 for an ephemeral one). */
  public static LocalArm start(LocalArmConfig config, int port) {
    try {
      return new LocalArm(config, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the local ARM endpoint on port " + port, e);
    }
  }

  /** {@code https://127.0.0.1:<port>}: the resource manager endpoint to give clients. */
  public URI endpoint() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  public String subscriptionId() {
    return config.get().subscriptionId();
  }

  /** A TLS context that trusts this endpoint's certificate, for Java clients. */
  public SSLContext clientSslContext() {
    return certificate.clientContext();
  }

  /** Writes the endpoint's certificate as PEM (curl {@code --cacert}, {@code REQUESTS_CA_BUNDLE}). */
  public Path writeCertificate(Path file) {
    try {
      return Files.writeString(file, certificate.pem());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local ARM certificate to " + file, e);
    }
  }

  /**
   * Creates a gallery through the endpoint's own API, as a person does before a first release
   * (a release needs its gallery to exist), and waits until it succeeded.
   */
  public void createGallery(String resourceGroup, String gallery, String location) {
    putAndAwait(galleryPath(resourceGroup, gallery), "{\"location\": \"" + location + "\"}");
  }

  /**
   * Seeds a gallery with an x64 image definition and a version of it made from a blob that is
   * not there (the endpoint does not read it), as earlier releases would have left them: what a
   * retention run is tried on. The gallery must exist.
   */
  public void seedVersion(String resourceGroup, String gallery, String definition, String version, boolean excludeFromLatest,
      java.time.OffsetDateTime endOfLife) {
    String location = "westeurope";
    String definitionPath = galleryPath(resourceGroup, gallery).replace("?", "/images/" + definition + "?");
    putAndAwait(definitionPath, """
        {"location": "%s", "properties": {"osType": "Linux", "osState": "Generalized", "hyperVGeneration": "V2",
         "architecture": "x64", "identifier": {"publisher": "Fedora", "offer": "Cloud", "sku": "%s"}}}"""
        .formatted(location, definition));
    putAndAwait(definitionPath.replace("?", "/versions/" + version + "?"), """
        {"location": "%s", "properties": {"publishingProfile": {"excludeFromLatest": %s, "endOfLifeDate": "%s"},
         "storageProfile": {"osDiskImage": {"source": {"uri": "https://seeded.blob.core.windows.net/vhds/%s.vhd",
          "storageAccountId": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Storage/storageAccounts/seeded"}}}}}"""
        .formatted(location, excludeFromLatest, endOfLife, version, subscriptionId(), resourceGroup));
  }

  private String galleryPath(String resourceGroup, String gallery) {
    return "/subscriptions/" + subscriptionId() + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.Compute/galleries/" + gallery + "?api-version=2024-03-03";
  }

  /** PUTs a resource through the endpoint's own API and waits, at most 10 s, until it succeeded. */
  private void putAndAwait(String path, String body) {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(clientSslContext()).build();
    try {
      java.net.http.HttpResponse<String> created = client.send(request(path)
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (created.statusCode() / 100 != 2) {
        throw new IllegalStateException("PUT " + path + ": HTTP " + created.statusCode() + " " + created.body());
      }
      for (int look = 0; look < 400; look++) {
        String state = client.send(request(path).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        if (state.contains("\"Succeeded\"")) {
          return;
        }
        Thread.sleep(25);
      }
      throw new IllegalStateException(path + " did not succeed within 10 s");
    } catch (IOException e) {
      throw new UncheckedIOException("PUT " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at PUT " + path, e);
    }
  }

  private java.net.http.HttpRequest.Builder request(String path) {
    return java.net.http.HttpRequest.newBuilder(URI.create(endpoint() + path))
        .header("Authorization", "Bearer local").header("Content-Type", "application/json");
  }

  /** Failures to inject; they apply to requests that arrive afterwards. */
  public ArmFaults faults() {
    return faults;
  }

  public LocalArmConfig config() {
    return config.get();
  }

  /** Changes delays or the poll interval while running; running operations keep theirs. */
  public void reconfigure(UnaryOperator<LocalArmConfig> change) {
    config.updateAndGet(change);
  }

  /**
   * Moves the endpoint's clock forward: operations and replications due within {@code duration}
   * finish as if that much time had passed.
   */
  public void advanceClock(Duration duration) {
    clock.advance(duration);
  }

  /** Every resource with its state now, and the log of creates and deletes. */
  public Inventory inventory() {
    return store.inventory();
  }

  /** The most recent calls, oldest first. */
  public List<ArmCall> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** How many calls of an operation (e.g. {@code GalleryImageVersions_Get}) arrived. */
  public long callCount(String operation) {
    return calls().stream().filter(call -> call.operation().equals(operation)).count();
  }

  /** How many calls of an operation were answered with {@code errorCode}. */
  public long errorCount(String operation, String errorCode) {
    return calls().stream().filter(call -> call.operation().equals(operation)
        && errorCode.equals(call.errorCode())).count();
  }

  /** Forgets the calls so far, so that a test sees only what its next step does. */
  public void forgetCalls() {
    synchronized (calls) {
      calls.clear();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Stopped the local ARM endpoint");
  }

  /** Serves until killed: {@code LocalArm [port [certificate.pem]]}. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    LocalArm arm = start(LocalArmConfig.defaults(), port);
    Path pem = arm.writeCertificate(Path.of(args.length > 1 ? args[1] : "local-arm.pem").toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      arm.close();
      stopped.countDown();
    }));
    System.out.println("Local ARM endpoint (Microsoft.Compute galleries) at " + arm.endpoint()
        + ", subscription " + arm.subscriptionId() + ", any bearer token, certificate " + pem
        + "; e.g. curl --cacert " + pem + " -H 'Authorization: Bearer local' '" + arm.endpoint()
        + "/subscriptions/" + arm.subscriptionId()
        + "/providers/Microsoft.Compute/galleries?api-version=2024-03-03'");
    stopped.await();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      Map<String, String> query = query(uri.getRawQuery());
      Route route = Route.of(uri.getRawPath());
      String operation = route == null ? "" : route.operation(method);
      ArmResponse response;
      try {
        byte[] body = readBody(exchange);
        response = answer(exchange, method, uri, route, operation, query, body);
      } catch (ArmError error) {
        response = new ArmResponse(error.status(), error.headers(), ArmJson.error(error));
      } catch (RuntimeException unexpected) {
        log.warn("{} {} failed", method, uri.getPath(), unexpected);
        response = ArmResponse.of(500, ArmJson.error(new ArmError(500, "InternalServerError",
            "The local ARM endpoint failed: " + unexpected)));
      }
      String errorCode = response.status() >= 400 && response.body() != null
          ? response.body().path("error").path("code").asText(null) : null;
      if (response.status() < 400 && faults.takeDroppedResponse(operation)) {
        record(new ArmCall(clock.instant(), method, uri.getPath(), query.get("api-version"), operation, 0, null));
        // Thrown out of the handler, the server closes the connection without an answer.
        throw new IOException("fault: response to " + operation + " dropped");
      }
      record(new ArmCall(clock.instant(), method, uri.getPath(), query.get("api-version"),
          operation, response.status(), errorCode));
      send(exchange, response);
    }
  }

  private ArmResponse answer(HttpExchange exchange, String method, URI uri, Route route,
      String operation, Map<String, String> query, byte[] body) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new ArmError(401, "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.", null,
          Map.of("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\","
              + " error=\"invalid_token\", error_description=\"The authentication failed because of"
              + " missing 'Authorization' header.\""));
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
      throw new ArmError(401, "InvalidAuthenticationToken",
          "The access token is invalid: the 'Authorization' header must be 'Bearer <token>'.");
    }
    if (route == null) {
      throw new ArmError(404, "InvalidResourceType", "This local ARM endpoint serves the"
          + " Microsoft.Compute galleries, gallery images and gallery image versions of one"
          + " subscription; '" + uri.getPath() + "' is none of them.");
    }
    LocalArmConfig settings = config.get();
    if (!route.subscription().equalsIgnoreCase(settings.subscriptionId())) {
      throw new ArmError(404, "SubscriptionNotFound", "The subscription '" + route.subscription()
          + "' could not be found.");
    }
    String apiVersion = query.get("api-version");
    if (apiVersion == null || apiVersion.isBlank()) {
      throw new ArmError(400, "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!API_VERSION.matcher(apiVersion).matches()) {
      throw new ArmError(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion
          + "' is invalid. The supported versions are '" + String.join(",",
              settings.apiVersions().stream().sorted().toList()) + "'.");
    }
    boolean providerCall = route.kind() == Route.Kind.PROVIDER
        || route.kind() == Route.Kind.PROVIDER_REGISTRATION;
    if (!providerCall && !settings.apiVersions().contains(apiVersion)) {
      throw new ArmError(400, "NoRegisteredProviderFound", "No registered resource provider found"
          + " for API version '" + apiVersion + "' for type 'galleries'. The supported api-versions"
          + " are '" + String.join(", ", settings.apiVersions().stream().sorted().toList()) + "'.");
    }
    if (faults.takeThrottle(operation)) {
      throw new ArmError(429, "TooManyRequests", "The request is being throttled as the limit has"
          + " been reached for operation '" + operation + "'.", null,
          Map.of("Retry-After", Long.toString(settings.retryAfter().toSeconds())));
    }
    return store.handle(new ArmRequest(method, route, query, body, endpoint()));
  }

  private void record(ArmCall call) {
    synchronized (calls) {
      calls.addLast(call);
      while (calls.size() > KEPT_CALLS) {
        calls.removeFirst();
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new ArmError(413, "RequestEntityTooLarge", "The request body is larger than "
            + MAX_BODY + " bytes.");
      }
      return body;
    }
  }

  private static void send(HttpExchange exchange, ArmResponse response) throws IOException {
    response.headers().forEach(exchange.getResponseHeaders()::set);
    String requestId = UUID.randomUUID().toString();
    exchange.getResponseHeaders().set("x-ms-request-id", requestId);
    String correlation = exchange.getRequestHeaders().getFirst("x-ms-client-request-id");
    exchange.getResponseHeaders().set("x-ms-correlation-request-id",
        correlation == null ? requestId : correlation);
    byte[] body = response.body() == null ? new byte[0] : ArmJson.bytes(response.body());
    if (body.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
