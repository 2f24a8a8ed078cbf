package org.imagerelease.devtools.cli;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.azure.GallerySettings;
import org.imagerelease.activities.azure.LocalAzure;
import org.imagerelease.activities.messaging.AmqpConnector;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.azure.arm.LocalArm;
import org.imagerelease.localcloud.azure.arm.LocalArmConfig;
import org.imagerelease.localcloud.azure.blob.EmbeddedBlobService;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.starter.bus.ReleaseEventTopics;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.consume.BusConsumer;
import org.imagerelease.starter.consume.ConsumerTemporal;
import org.imagerelease.starter.consume.MessageDispatcher;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TemporalSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code image-release dev} runs in one process: the embedded Temporal server on a port of
 * 127.0.0.1, a worker, and, when the configured broker answers, the bus consumer of {@code
 * image-release consume} with the worker publishing its release events on the bus. Closing it
 * stops everything, newest first.
 */
final class DevStack implements AutoCloseable {
  /** Whether the bus consumer runs. */
  enum Amqp {
    /** If the broker at amqp_url answers within a second; otherwise say why not and go on without. */
    AUTO,
    /** Always; fail when the broker does not answer. */
    ON,
    /** Never: the worker only, as before the consumer existed. */
    OFF
  }

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  /** The gallery made on the local ARM endpoint when the configuration names none. */
  static final String LOCAL_RESOURCE_GROUP = "fedora-cloud";
  static final String LOCAL_GALLERY = "Fedora";
  private static final Logger log = LoggerFactory.getLogger(DevStack.class);

  /**
   * How the broker answered the probe.
   *
   * @param answered whether it took our connection and login
   * @param detail its product and version when it answered, else why not
   */
  record BrokerAnswer(boolean answered, String detail) {}

  private final Deque<AutoCloseable> running;
  private final EmbeddedTemporal server;
  private final ImageReleaseConfig config;
  private final BusConsumer consumer;
  private final LocalAws aws;
  private final LocalArm arm;
  private final Path armCertificate;
  private final LocalBlobStorage blobs;

  private DevStack(Deque<AutoCloseable> running, EmbeddedTemporal server, ImageReleaseConfig config, BusConsumer consumer, LocalAws aws,
      LocalArm arm, Path armCertificate, LocalBlobStorage blobs) {
    this.running = running;
    this.server = server;
    this.config = config;
    this.consumer = consumer;
    this.aws = aws;
    this.arm = arm;
    this.armCertificate = armCertificate;
    this.blobs = blobs;
  }

  /** The local AWS endpoint, with state changes a second apart, as a person follows them. */
  private static LocalAws startLocalAws() {
    if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
      // Any credentials do for the local endpoint; the SDK's default chain reads these.
      System.setProperty("aws.accessKeyId", "AKIDDEV");
      System.setProperty("aws.secretAccessKey", "dev-secret");
    }
    return LocalAws.start(LocalAwsConfig.everyDelay(Duration.ofSeconds(1)));
  }

  /** The configured AWS target, enabled and pointed at the local endpoint, polling it every second. */
  private static AwsConfig atLocalEndpoint(AwsConfig c, URI endpoint) {
    return new AwsConfig(true, c.primaryRegion(), c.regions(), c.selection(), c.testcases(), c.ami(), c.upload(), c.publish(),
        new AwsConfig.SmokeTestSettings(c.smokeTest().enabled(), "", c.smokeTest().instanceTypes(), LocalAwsConfig.DEFAULT_CONSOLE_MARKER, c.smokeTest().timeout()),
        Optional.of(endpoint), c.tags(), c.callTimeout(), Duration.ofSeconds(1));
  }

  /**
   * The configured Azure target, enabled and pointed at the local stand-ins, polling every second;
   * a gallery or resource group left unset gets the name the stand-in's gallery is made under.
   */
  private static AzureConfig atLocalEndpoints(AzureConfig c, LocalAzure local) {
    GallerySettings g = c.gallery();
    GallerySettings gallery =
        new GallerySettings(
            g.resourceGroup().isBlank() ? LOCAL_RESOURCE_GROUP : g.resourceGroup(),
            g.gallery().isBlank() ? LOCAL_GALLERY : g.gallery(),
            g.communityGallery(),
            g.storageResourceGroup().isBlank() ? LOCAL_RESOURCE_GROUP : g.storageResourceGroup(),
            g.definitionName(), g.publisher(), g.offer(), g.sku(), g.features(), g.endOfLife(), g.rawhideEndOfLife(), g.replicaCount(),
            g.storageAccountType());
    return new AzureConfig(c.enabled(), c.primaryRegion(), c.regions(), c.selection(), c.testcases(), c.storageAccount(), c.container(),
            c.blobEndpoint(), c.upload(), gallery, c.pollInterval(), c.local())
        .atLocalEndpoints(local)
        .pollingEvery(Duration.ofSeconds(1));
  }

  /** The local AWS endpoint, when it runs. */
  Optional<LocalAws> localAws() {
    return Optional.ofNullable(aws);
  }

  /** The local ARM endpoint (Azure Compute Gallery), when it runs. */
  Optional<LocalArm> localArm() {
    return Optional.ofNullable(arm);
  }

  /** The local Blob storage (Azurite or the embedded service), when the local ARM endpoint runs. */
  Optional<LocalBlobStorage> localBlobStorage() {
    return Optional.ofNullable(blobs);
  }

  /**
   * Starts the stack and tells {@code out} what runs where.
   *
   * @param port of the Temporal server on 127.0.0.1; 0 picks a free one
   * @throws IllegalStateException with {@link Amqp#ON} when the broker does not answer
   */
  static DevStack start(ImageReleaseConfig configured, int port, Amqp amqp, PrintWriter out) throws Exception {
    return start(configured, port, amqp, false, out);
  }

  /**
   * As {@link #start(ImageReleaseConfig, int, Amqp, PrintWriter)}; with {@code localAws} the local
   * AWS endpoint runs too and the AWS target releases to it, never to AWS itself.
   */
  static DevStack start(ImageReleaseConfig configured, int port, Amqp amqp, boolean localAws, PrintWriter out) throws Exception {
    return start(configured, port, amqp, localAws, false, out);
  }

  /**
   * As {@link #start(ImageReleaseConfig, int, Amqp, boolean, PrintWriter)}; with {@code localAzure}
   * the local ARM endpoint (Azure Compute Gallery) and Blob storage (Azurite, else the embedded
   * service) run too, the configured gallery is made there, and the Azure target releases to them,
   * never to Azure itself. The ARM endpoint's certificate is written to a temporary file for the
   * worker and other tools (removed when the stack stops).
   */
  static DevStack start(ImageReleaseConfig configured, int port, Amqp amqp, boolean localAws, boolean localAzure, PrintWriter out)
      throws Exception {
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", port);
      running.push(server);
      // Composes made on this machine (the demo's, a local folder, a local server) are what dev releases.
      ImageReleaseConfig config =
          configured
              .withTemporal(new TemporalSettings(server.address(), EmbeddedTemporal.NAMESPACE, configured.temporal().taskQueue()))
              .withMessaging(configured.messaging().withComposeSources(ComposeSources.anywhere()));
      LocalAws aws = null;
      if (localAws) {
        aws = startLocalAws();
        running.push(aws);
        config = config.withTarget(atLocalEndpoint(config.target(AwsConfig.class), aws.endpoint()));
      }
      LocalArm arm = null;
      Path armCertificate = null;
      LocalBlobStorage blobs = null;
      if (localAzure) {
        arm = LocalArm.start(LocalArmConfig.defaults());
        running.push(arm);
        Path pem = Files.createTempFile("local-arm-", ".pem");
        running.push(() -> Files.deleteIfExists(pem));
        armCertificate = arm.writeCertificate(pem);
        blobs = LocalBlobStorage.azuriteOrEmbedded();
        running.push(blobs);
        LocalAzure local = new LocalAzure(arm.endpoint(), armCertificate, arm.subscriptionId(), URI.create(blobs.blobEndpoint()), LocalBlobStorage.DEV_ACCOUNT_KEY);
        AzureConfig azure = atLocalEndpoints(config.target(AzureConfig.class), local);
        // A release needs its gallery; a person makes it once, before the first release.
        arm.createGallery(azure.gallery().resourceGroup(), azure.gallery().gallery(), azure.primaryRegion());
        config = config.withTarget(azure);
      }
      MessagingSettings bus = config.messaging().settings();
      String endpoint = AmqpConnector.from(bus).endpoint();
      BrokerAnswer answer = amqp == Amqp.OFF ? new BrokerAnswer(false, "--amqp off") : probe(bus);
      if (amqp == Amqp.ON && !answer.answered()) {
        throw new IllegalStateException("--amqp on, but the broker at " + endpoint + " cannot be used: " + answer.detail());
      }
      boolean consuming = answer.answered();
      if (consuming) {
        // Events on the bus too, so that what the consumer starts can be followed there.
        config = config.withMessaging(config.messaging().withPublishEvents(true));
      }
      TemporalConnection workerTemporal = server.connect();
      running.push(workerTemporal);
      ReleaseWorker worker = ReleaseWorker.start(workerTemporal.client(), config, WorkerExtras.none());
      running.push(worker::stopGracefully);
      BusConsumer consumer = null;
      if (consuming) {
        TemporalConnection consumerTemporal = ConsumerTemporal.connect(config.temporal());
        running.push(consumerTemporal);
        ReleaseClient releases = new ReleaseClient(consumerTemporal.client(), config.temporal().taskQueue());
        consumer = new BusConsumer(config.messaging(), MessageDispatcher.forReleases(releases, config), BusConsumer.Tuning.defaults());
        running.push(consumer);
        consumer.start();
      }
      DevStack stack = new DevStack(running, server, config, consumer, aws, arm, armCertificate, blobs);
      stack.tell(out, endpoint, answer, amqp);
      return stack;
    } catch (Exception | Error e) {
      closeAll(running);
      throw e;
    }
  }

  /** host:port of the Temporal server. */
  String temporalAddress() {
    return server.address();
  }

  /** The configuration the worker and consumer run with. */
  ImageReleaseConfig config() {
    return config;
  }

  /** The bus consumer, when the broker answered. */
  Optional<BusConsumer> consumer() {
    return Optional.ofNullable(consumer);
  }

  @Override
  public void close() {
    closeAll(running);
  }

  /**
   * Whether the broker answers: a TCP connection within {@link #PROBE_TIMEOUT}, then the AMQP
   * handshake with the configured login, closed again at once.
   */
  static BrokerAnswer probe(MessagingSettings settings) {
    AmqpConnector connector = AmqpConnector.from(settings);
    URI url = URI.create(settings.amqpUrl());
    boolean tls = url.getScheme().equalsIgnoreCase("amqps");
    int port = url.getPort() > 0 ? url.getPort() : tls ? 5671 : 5672;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), port), (int) PROBE_TIMEOUT.toMillis());
    } catch (IOException e) {
      return new BrokerAnswer(false, "nothing answered on " + url.getHost() + ":" + port + " within " + PROBE_TIMEOUT.toSeconds() + " s (" + e.getMessage() + ")");
    }
    try (Connection connection = connector.open("image-release dev probe")) {
      Map<String, Object> server = connection.getServerProperties();
      return new BrokerAnswer(true, (String.valueOf(server.getOrDefault("product", "AMQP broker")) + " " + server.getOrDefault("version", "")).strip());
    } catch (IOException e) {
      // The connector's message names the endpoint again; its cause says what the broker did.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new BrokerAnswer(false, "it did not take our connection: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }
  }

  private void tell(PrintWriter out, String endpoint, BrokerAnswer answer, Amqp amqp) {
    MessagingSettings bus = config.messaging().settings();
    out.println("Development stack up:");
    out.printf("  Temporal   %s (embedded, namespace %s; in memory, gone when this stops)%n", server.address(), config.temporal().namespace());
    out.printf("  worker     task queue %s, mirror roots %s%n",
        config.temporal().taskQueue(), config.target(MirrorConfig.class).settings().roots().stream().map(r -> r.name() + "=" + r.directory()).toList());
    if (aws != null) {
      AwsConfig target = config.target(AwsConfig.class);
      out.printf("  AWS        the local AWS endpoint at %s: AMIs in %s, copies in %s; look with any AWS client, e.g.%n",
          aws.endpoint(), target.primaryRegion(), target.regions());
      out.printf("             aws --endpoint-url %s ec2 describe-images --owners self --region %s%n", aws.endpoint(), target.primaryRegion());
    }
    if (arm != null) {
      AzureConfig target = config.target(AzureConfig.class);
      out.printf("  Azure      the local ARM endpoint (Compute Gallery) at %s, subscription %s, any bearer token;%n",
          arm.endpoint(), arm.subscriptionId());
      out.printf("             Blob storage at %s (%s), account %s, the development key;%n",
          blobs.blobEndpoint(), blobs.description(), EmbeddedBlobService.ACCOUNT);
      out.printf("             versions in gallery %s/%s in %s, replicated to %s; uploads in container %s%n",
          target.gallery().resourceGroup(), target.gallery().gallery(), target.primaryRegion(), target.regions(), target.container());
      out.printf("             HTTPS with the certificate in %s, e.g.%n", armCertificate);
      out.printf("             curl --cacert %s -H 'Authorization: Bearer local' '%s/subscriptions/%s/providers/Microsoft.Compute/galleries?api-version=2024-03-03'%n",
          armCertificate, arm.endpoint(), arm.subscriptionId());
    }
    if (consumer != null) {
      out.printf("  broker     %s (%s)%n", endpoint, answer.detail());
      for (MessagingSettings.Binding binding : bus.bindings()) {
        out.printf("  consumer   queue %s <- %s %s%n", binding.queue(), binding.exchange(), binding.routingKeys());
      }
      out.printf("  events     published on %s:%n", bus.publishExchange());
      ReleaseEventTopics.described(bus.topicPrefix()).forEach(topic -> out.printf("             %s%n", topic));
      out.printf("Start a release with: image-release start --compose URL|DIR%n");
      out.printf("  or announce a compose on the bus: image-release publish-message pungi-compose-finished.json --location URL|DIR%n");
      out.printf("  and follow its events with: image-release listen%n");
    } else {
      if (amqp == Amqp.OFF) {
        out.printf("  broker     %s: no consumer runs (--amqp off)%n", endpoint);
      } else {
        out.printf("  broker     %s: %s%n", endpoint, answer.detail());
        out.printf("             so no consumer runs: compose and ResultsDB messages are not read. Start the broker (or set%n");
        out.printf("             amqp_url in the configuration file) and restart, or pass --amqp off to run without one.%n");
      }
      out.printf("  events     %s%n", config.messaging().publishEvents() ? "published on " + bus.publishExchange() + " (publish_events)" : "logged only (publish_events is off)");
      out.printf("Start a release with: image-release start --compose URL|DIR%n");
    }
    out.flush();
  }

  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      AutoCloseable next = running.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
