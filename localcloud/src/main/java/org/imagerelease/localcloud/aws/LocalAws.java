package org.imagerelease.localcloud.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.imagerelease.localcloud.tls.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful local AWS endpoint: the EBS direct APIs, the part of EC2 a release uses (snapshots,
 * AMIs, copies, permissions, instances), SSM Parameter Store and STS GetCallerIdentity (for a
 * credentials check), on one port of 127.0.0.1 (plain http, or HTTPS with a certificate made at
 * start, {@link #startHttps}), in the wire formats of the published API models, so any AWS client with an endpoint
 * URL works against it (SDKs, the AWS CLI with {@code --endpoint-url}). Requests are told apart
 * by protocol (an {@code X-Amz-Target}, a {@code /snapshots} path, an {@code Action}); the
 * region of each comes from its SigV4 credential scope. Any credentials are accepted, none is
 * checked, but a request without any is refused as AWS refuses it.
 *
 * <pre>{@code
 * try (LocalAws aws = LocalAws.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)))) {
 *   Ec2Client ec2 = Ec2Client.builder().endpointOverride(aws.endpoint())...;
 *   aws.faults().throttle("PutSnapshotBlock", 3);
 *   ...
 *   assertThat(aws.inventory().live()).isEmpty();
 * }
 * }</pre>
 */
public final class LocalAws implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalAws.class);
  private static final int MAX_BODY = 2 * BlockStore.BLOCK_SIZE;

  private final HttpServer server;
  /** Present when the endpoint speaks HTTPS. */
  private final SelfSignedCertificate certificate;
  private final ExecutorService executor;
  private final Path blockDirectory;
  private final Cloud cloud;
  private final Parameters parameters;
  private final List<AwsApi> apis;
  private final AwsFaults faults = new AwsFaults();
  private final CallLog calls = new CallLog();
  private volatile boolean closed;

  private LocalAws(LocalAwsConfig config, int port, boolean https) throws IOException {
    this.blockDirectory = Files.createTempDirectory("local-aws-blocks-");
    this.cloud = new Cloud(config, blockDirectory);
    Snapshots snapshots = new Snapshots(cloud);
    Images images = new Images(cloud, snapshots);
    this.parameters = new Parameters(cloud);
    // STS before EC2: both take an Action, and STS claims its own.
    this.apis = List.of(new SsmApi(cloud, parameters), new EbsApi(cloud, snapshots),
        new StsApi(cloud), new Ec2Api(cloud, snapshots, images, new Instances(cloud)));
    AtomicInteger threads = new AtomicInteger();
    // Unbounded, so that a benchmark's 100 uploads in flight, each held by added latency, all run.
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "local-aws-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (https) {
      this.certificate = SelfSignedCertificate.forLoopback("local-aws", Duration.ofDays(7));
      HttpsServer tls = HttpsServer.create(address, 256);
      tls.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
      this.server = tls;
    } else {
      this.certificate = null;
      this.server = HttpServer.create(address, 256);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Local AWS endpoint (EBS direct, EC2, SSM) at {}", endpoint());
  }

  /** Serves on an ephemeral port of 127.0.0.1. */
  public static LocalAws start(LocalAwsConfig config) {
    return start(config, 0);
  }

  /** Serves on {@code port} of 127.0.0.1 (0 for an ephemeral one). */
  public static LocalAws start(LocalAwsConfig config, int port) {
    return start(config, port, false);
  }

  /**
   * Serves HTTPS on an ephemeral port of 127.0.0.1, with a certificate made now that clients are
   * told to trust ({@link #certificate()}). Over HTTPS the AWS SDK sends PutSnapshotBlock's
   * payload unsigned, as it does to AWS; over plain http it hashes every block once more to sign it.
   */
  public static LocalAws startHttps(LocalAwsConfig config) {
    return start(config, 0, true);
  }

  private static LocalAws start(LocalAwsConfig config, int port, boolean https) {
    try {
      return new LocalAws(config, port, https);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the local AWS endpoint on port " + port, e);
    }
  }

  /** {@code http(s)://127.0.0.1:<port>}: what to give clients as endpoint override / URL. */
  public URI endpoint() {
    return URI.create((certificate != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The certificate an HTTPS endpoint presents; empty for plain http. */
  public Optional<SelfSignedCertificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  /** Faults to inject; changes apply to calls that arrive afterwards. */
  public AwsFaults faults() {
    return faults;
  }

  public LocalAwsConfig config() {
    return cloud.config();
  }

  /** Changes delays, quotas or the console marker while running. */
  public void reconfigure(UnaryOperator<LocalAwsConfig> change) {
    cloud.reconfigure(change);
  }

  /**
   * Sets image block public access of a region at once (the EC2 API's Enable/Disable apply after
   * {@link Delays#blockPublicAccessChange()}).
   */
  public void setImageBlockPublicAccess(String region, boolean blocked) {
    Region state = cloud.region(region);
    synchronized (state) {
      state.changeBlockPublicSharing(blocked, cloud.now());
    }
  }

  /**
   * Moves the endpoint's clock forward: timeouts, delays and deprecation dates are reached as if
   * that much time had passed.
   */
  public void advanceClock(Duration duration) {
    cloud.clock().advance(duration);
  }

  /** The endpoint's time, which {@link #advanceClock} moves. */
  public Instant now() {
    return cloud.now();
  }

  /** Every resource per region with its state now, and the log of creates and deletes. */
  public Inventory inventory() {
    Instant now = cloud.now();
    List<InventoryItem> items = new ArrayList<>();
    for (Region region : cloud.regions()) {
      synchronized (region) {
        parameters.settle(region, now);
        String name = region.name();
        region.snapshots.values().forEach(snapshot -> items.add(new InventoryItem(name,
            ResourceKind.SNAPSHOT, snapshot.id(), snapshot.status(now), Snapshots.describe(snapshot),
            snapshot.tags())));
        region.images.values().forEach(image -> items.add(new InventoryItem(name,
            ResourceKind.IMAGE, image.id(), image.state(now) + (image.launchPublic() ? ", public" : ""),
            image.spec().name(), image.tags())));
        region.instances.values().forEach(instance -> items.add(new InventoryItem(name,
            ResourceKind.INSTANCE, instance.id(), instance.state(now),
            instance.launch().imageId() + " " + instance.launch().instanceType(), instance.tags())));
        region.parameters.values().forEach(parameter -> items.add(new InventoryItem(name,
            ResourceKind.PARAMETER, parameter.name(), "version " + parameter.current().version(),
            parameter.current().value(), parameter.tags())));
      }
    }
    return new Inventory(items, cloud.log().events());
  }

  /** How many calls of an operation (e.g. {@code PutSnapshotBlock}) arrived, faulted ones too. */
  public long callCount(String operation) {
    return calls.count(operation);
  }

  /**
   * How many calls of an operation were answered with an error code, e.g. {@code
   * PutSnapshotBlock} with {@code RequestThrottledException}: a client's retries show here.
   */
  public long errorCount(String operation, String errorCode) {
    return calls.errorCount(operation, errorCode);
  }

  /** The most recent calls, oldest first. */
  public List<AwsCall> calls() {
    return calls.recent();
  }

  /** Forgets the calls so far, so that a test sees only what its next step does. */
  public void forgetCalls() {
    calls.forget();
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
    for (Region region : cloud.regions()) {
      synchronized (region) {
        region.snapshots.values().forEach(Snapshot::release);
        region.snapshots.clear();
      }
    }
    deleteBlocks();
    log.info("Stopped the local AWS endpoint");
  }

  /** Serves until killed: {@code LocalAws [port]}. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    LocalAws aws = start(LocalAwsConfig.defaults(), port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      aws.close();
      stopped.countDown();
    }));
    System.out.println("Local AWS endpoint (EBS direct, EC2, SSM) at " + aws.endpoint()
        + "; any credentials, region from the request's signature; e.g."
        + " aws ec2 describe-images --owners self --endpoint-url " + aws.endpoint());
    stopped.await();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readBody(exchange);
      AwsRequest request = AwsRequest.of(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
      AwsApi api = apis.stream().filter(candidate -> candidate.accepts(request)).findFirst().orElse(null);
      if (api == null) {
        calls.record(new AwsCall(cloud.now(), "", "", "", 400));
        send(exchange, AwsResponse.of(400, "application/json", "{\"message\":\"This local AWS"
            + " endpoint speaks the EBS direct APIs, EC2 and SSM; this request is none of them\"}"),
            request);
        return;
      }
      String region = request.scope().map(CredentialScope::region).orElse("");
      String operation = "";
      AwsResponse response;
      try {
        if (request.scope().isEmpty()) {
          throw api.unauthenticated();
        }
        operation = api.operation(request);
        response = answer(api, operation, request);
      } catch (ApiError error) {
        calls.recordError(operation, error.code());
        response = api.render(error, request);
      } catch (DroppedConnection dropped) {
        calls.record(new AwsCall(cloud.now(), region, api.service(), operation, 0));
        throw dropped;
      } catch (RuntimeException unexpected) {
        log.warn("{} {} failed", operation, request.requestId(), unexpected);
        response = api.render(api.serverError(500), request);
      }
      calls.record(new AwsCall(cloud.now(), region, api.service(), operation, response.status()));
      send(exchange, response, request);
    }
  }

  /** Applies the faults planned for the call around handling it. */
  private AwsResponse answer(AwsApi api, String operation, AwsRequest request) throws DroppedConnection {
    AwsFaults.Plan plan = faults.planFor(request.region(), operation);
    if (!plan.latency().isZero()) {
      try {
        Thread.sleep(plan.latency().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DroppedConnection("endpoint closing");
      }
    }
    if (plan.kind() == AwsFaults.Kind.RESET) {
      throw new DroppedConnection("fault: connection reset before " + operation);
    }
    if (plan.kind() == AwsFaults.Kind.THROTTLE) {
      throw api.throttled();
    }
    if (plan.kind() == AwsFaults.Kind.STATUS) {
      throw api.serverError(plan.status());
    }
    if (plan.kind() == AwsFaults.Kind.ERROR) {
      throw new ApiError(plan.status(), plan.errorCode(), "Injected fault: " + plan.errorCode());
    }
    AwsResponse response = api.handle(operation, request);
    if (plan.kind() == AwsFaults.Kind.DROP_RESPONSE) {
      throw new DroppedConnection("fault: response to " + operation + " dropped");
    }
    return response;
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      long declared = declaredLength(exchange);
      if (declared >= 0 && declared <= MAX_BODY) {
        // One array of the declared size, filled once: a block put is 512 KiB, and reading it in
        // small pieces to join them afterwards cost the endpoint a copy per put on the cores the
        // bench shares with the upload it measures.
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        if (read != body.length) {
          throw new IOException("request body ended after " + read + " of its " + declared + " bytes");
        }
        return body;
      }
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new IOException("request body larger than " + MAX_BODY + " bytes");
      }
      return body;
    }
  }

  /** The request's Content-Length; -1 without one (chunked) or when it is not a number. */
  private static long declaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void send(HttpExchange exchange, AwsResponse response, AwsRequest request)
      throws IOException {
    response.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("x-amzn-RequestId", request.requestId());
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void deleteBlocks() {
    try (Stream<Path> files = Files.walk(blockDirectory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn("Could not remove {}: {}", blockDirectory, e.toString());
    }
  }

  /**
   * Thrown out of the handler so that the JDK server closes the connection without an answer,
   * as a reset or a lost response looks to the client.
   */
  private static final class DroppedConnection extends IOException {
    private static final long serialVersionUID = 1L;

    DroppedConnection(String message) {
      super(message);
    }
  }
}
