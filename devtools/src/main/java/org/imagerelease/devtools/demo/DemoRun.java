package org.imagerelease.devtools.demo;

import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.MessagePublisher;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.starter.bus.BusEventListener;
import org.imagerelease.starter.bus.ReleaseEventTopics;
import org.imagerelease.starter.cli.Sizes;
import org.imagerelease.starter.cli.WatchCommand;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.consume.BusConsumer;
import org.imagerelease.starter.consume.MessageDispatcher;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStatus;

/**
 * One demo, end to end, on this machine alone: generate a compose, serve it over HTTP, start
 * the embedded Temporal server and a worker whose mirror target has two roots in the workspace,
 * release the compose through the test gate (results from the {@link LocalTestRunner}), follow
 * it live, and report what ended up where. Everything started is stopped on every path.
 *
 * <p>Through the bus ({@code --amqp}) the release goes as in production: the demo announces the
 * compose with Pungi's FINISHED message, the bus consumer starts the release, the test runner's
 * results go out as ResultsDB messages that the consumer signals to the release, and the worker
 * publishes the release's events, which the demo's own listener collects for the report.
 */
public final class DemoRun {
  /** How often the live view is refreshed. */
  private static final Duration REFRESH = Duration.ofMillis(250);

  /** How long the consumer may take to start the release once the compose was announced. */
  private static final Duration RELEASE_START_WAIT = Duration.ofSeconds(60);
  /** How long the message announcing the release's end may take to reach the event listener. */
  private static final Duration FINAL_EVENT_WAIT = Duration.ofSeconds(10);

  private final boolean failTests;
  private final Path keepDirectory;
  private final Supplier<LocalBroker> brokers;
  private final DemoTargets targets;
  private final DemoMessages messages = new DemoMessages(Clock.systemUTC());

  /**
   * @param failTests make the local test runner report FAILED for every image
   * @param keepDirectory where to work and keep everything afterwards; null for a temporary
   *     directory removed at the end
   */
  public DemoRun(boolean failTests, Path keepDirectory) {
    this(failTests, keepDirectory, null);
  }

  /**
   * @param brokers gives the broker of a demo through the bus ({@code --amqp}), e.g. {@link
   *     LocalBroker#realOrEmbedded()}; null for a demo without
   */
  public DemoRun(boolean failTests, Path keepDirectory, Supplier<LocalBroker> brokers) {
    this(failTests, keepDirectory, brokers, DemoTargets.MIRROR);
  }

  /** @param targets which targets the demo releases to; AWS through a local AWS endpoint */
  public DemoRun(boolean failTests, Path keepDirectory, Supplier<LocalBroker> brokers, DemoTargets targets) {
    this.failTests = failTests;
    this.keepDirectory = keepDirectory;
    this.brokers = brokers;
    this.targets = targets;
  }

  /** A demo through the bus on the local RabbitMQ, else an embedded broker. */
  public static DemoRun throughTheBus(boolean failTests, Path keepDirectory) {
    return throughTheBus(failTests, keepDirectory, DemoTargets.MIRROR);
  }

  public static DemoRun throughTheBus(boolean failTests, Path keepDirectory, DemoTargets targets) {
    return new DemoRun(failTests, keepDirectory, LocalBroker::realOrEmbedded, targets);
  }

  /**
   * Runs the demo, telling {@code progress} what happens and drawing the live view there
   * (redrawn in place when {@code terminal}).
   */
  public DemoReport execute(PrintWriter progress, boolean terminal) throws Exception {
    try (Teardown teardown = new Teardown(notice -> tell(progress, notice))) {
      DemoWorkspace workspace =
          keepDirectory == null
              ? teardown.add("removing the work directory", DemoWorkspace.temporary())
              : DemoWorkspace.kept(keepDirectory);
      LocalAws aws = targets.aws() ? teardown.add("stopping the local AWS endpoint", startLocalAws()) : null;
      DemoAzure azure = targets.azure() ? teardown.add("stopping the local ARM endpoint and Blob storage", startLocalAzure(workspace)) : null;
      ImageReleaseConfig config =
          DemoConfiguration.forWorkspace(
              workspace, targets, Optional.ofNullable(aws).map(LocalAws::endpoint), Optional.ofNullable(azure).map(DemoAzure::endpoints));
      DemoBus bus = brokers == null ? null : DemoBus.on(teardown.add("stopping the message broker, if embedded", brokers.get()));
      if (bus != null) {
        config = config.withMessaging(bus.messaging(config.messaging()));
        tell(progress, "Message bus: " + bus.broker() + "; this demo's topics are under " + bus.topicPrefix());
      }

      long generationStarted = System.nanoTime();
      DemoComposeSpec spec = DemoComposeSpec.nightly("42", today(), 0);
      DemoCompose compose = generateCompose(spec, workspace, progress);
      Duration generationTime = millisSince(generationStarted);
      ComposeHttpServer http = teardown.add("stopping the compose's HTTP server", ComposeHttpServer.start(compose.location()));
      tell(progress, "Serving it at " + http.baseUri());

      EmbeddedTemporal temporal = teardown.add("stopping the embedded Temporal server", EmbeddedTemporal.inProcess());
      TemporalConnection connection = teardown.add("closing the Temporal connection", temporal.connect());
      ReleaseClient client = new ReleaseClient(connection.client(), config.temporal().taskQueue());
      TestResultReporter results = (composeId, image, result) -> client.reportTestResult(composeId, result);
      BusEventListener events = null;
      MessagePublisher publisher = null;
      if (bus != null) {
        teardown.add("deleting the demo's queues", bus::deleteQueues);
        events = teardown.add("stopping the event listener", bus.listenToEvents());
        publisher = teardown.add("closing the demo's publisher", bus.publisher());
        results = DemoBus.resultsOnTheBus(publisher, messages);
      }
      LocalTestRunner tests = new LocalTestRunner(DemoConfiguration.TESTCASE, workspace.testReports(), failTests, results);
      if (aws != null) {
        tests.testingAwsUploadsAt(aws.endpoint());
      }
      if (azure != null) {
        tests.testingAzureUploadsIn(azure.connectionString(), config.target(AzureConfig.class).container());
      }
      teardown.add("stopping the worker", ReleaseWorker.start(connection.client(), config, WorkerExtras.publishingTo(tests)));
      teardown.add("stopping the local test runner", tests);
      if (bus != null) {
        BusConsumer consumer =
            new BusConsumer(config.messaging(), MessageDispatcher.forReleases(client, config), BusConsumer.Tuning.defaults());
        teardown.add("stopping the bus consumer", consumer);
        consumer.start();
      }
      tellStackIsUp(progress, config, bus, azure);

      long releaseStarted = System.nanoTime();
      if (bus == null) {
        client.start(
            new ReleaseRequest(compose.composeRef(http.baseUri()), config.gate(), config.timeouts(), "image-release demo", config.regionFailure()),
            false);
      } else {
        announce(spec, compose, http, bus, publisher, progress);
        awaitRelease(client, compose.composeId());
      }
      ReleaseStatus end = WatchCommand.follow(client, compose.composeId(), progress, REFRESH, terminal);
      Duration releaseTime = millisSince(releaseStarted);
      // Tests still running when another image's failure closed the gate finish their reports.
      tests.close();

      DemoReport report = report(compose, end, generationTime, releaseTime, workspace, http, config, tests);
      if (aws != null) {
        report = report.withAws(AwsInventoryReport.of(aws.endpoint().toString(), aws.inventory()));
      }
      if (azure != null) {
        report = report.withAzure(azure.inventory(config.target(AzureConfig.class).container()));
      }
      if (bus == null) {
        return report;
      }
      // The end's message was confirmed by the broker before the release ended; it may still be on its way here.
      String finalTopic = report.expectedFinalTopic();
      events.awaitEvent(event -> event.hasTopic(finalTopic), FINAL_EVENT_WAIT);
      return report.overTheBus(bus.broker(), bus.topicPrefix(), events.events());
    }
  }

  /** As Pungi does when a compose finished: the compose's FINISHED message, pointing at where it is served. */
  private void announce(DemoComposeSpec spec, DemoCompose compose, ComposeHttpServer http, DemoBus bus, MessagePublisher publisher, PrintWriter progress)
      throws IOException, InterruptedException {
    String location = compose.composeRef(http.baseUri()).location();
    FedoraMessage finished = messages.composeFinished(spec, compose.location(), location);
    publisher.publish(finished);
    tell(progress, "Announced compose " + compose.composeId() + " as FINISHED at " + location
        + " (message " + finished.id() + " on " + bus.topicPrefix() + "." + DemoMessages.COMPOSE_STATUS + ")");
  }

  private DemoReport report(
      DemoCompose compose,
      ReleaseStatus end,
      Duration generationTime,
      Duration releaseTime,
      DemoWorkspace workspace,
      ComposeHttpServer http,
      ImageReleaseConfig config,
      LocalTestRunner tests) throws IOException {
    MirrorInventory inventory = MirrorInventory.of(config.target(MirrorConfig.class).settings().roots());
    return new DemoReport(
        compose.composeId(),
        end.stage(),
        end.gateOutcome(),
        failTests,
        generationTime,
        releaseTime,
        workspace.directory().toString(),
        workspace.kept(),
        http.baseUri().toString(),
        config.target(MirrorConfig.class).settings().roots().stream().map(DemoRun::info).toList(),
        inventory.publishedFiles(),
        inventory.checksumFiles(),
        inventory.stagedFiles(),
        tests.reports(),
        end);
  }

  /**
   * The local AWS endpoint, with state changes a tenth of a second apart, and credentials for the
   * SDK's default chain (any are taken) unless the environment has its own.
   */
  private static LocalAws startLocalAws() {
    if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
      System.setProperty("aws.accessKeyId", "AKIDDEMO");
      System.setProperty("aws.secretAccessKey", "demo-secret");
    }
    return LocalAws.start(LocalAwsConfig.everyDelay(Duration.ofMillis(100)));
  }

  /**
   * The local ARM endpoint, with the demo's gallery made in its primary region, and Azurite or the
   * embedded Blob service; the ARM endpoint's certificate goes into the work directory.
   */
  private static DemoAzure startLocalAzure(DemoWorkspace workspace) {
    return DemoAzure.start(
        workspace.directory(), DemoConfiguration.AZURE_RESOURCE_GROUP, DemoConfiguration.AZURE_GALLERY, DemoConfiguration.AZURE_PRIMARY);
  }

  /** The consumer starts the release once it read the announcement; until then there is none to follow. */
  private static void awaitRelease(ReleaseClient client, String composeId) throws InterruptedException {
    long deadline = System.nanoTime() + RELEASE_START_WAIT.toNanos();
    while (true) {
      try {
        client.status(composeId);
        return;
      } catch (WorkflowNotFoundException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the bus consumer did not start the release of " + composeId + " within " + RELEASE_START_WAIT.toSeconds()
                  + " s of its FINISHED message; run with --verbose to see what it did", notYet);
        }
        Thread.sleep(REFRESH.toMillis());
      }
    }
  }

  /** The compose of the spec (today's nightly of Fedora 42, x86_64, with 64 MiB disks). */
  private static DemoCompose generateCompose(DemoComposeSpec spec, DemoWorkspace workspace, PrintWriter progress) throws IOException {
    tell(progress, "Generating compose " + spec.composeId() + " in " + workspace.composeDirectory() + " ...");
    DemoCompose compose = new DemoComposeGenerator(spec).generate(workspace.composeDirectory());
    long bytes = compose.images().stream().mapToLong(ImageArtifact::size).sum();
    tell(progress, "  " + compose.images().size() + " images, " + Sizes.bytes(bytes) + " compressed.");
    return compose;
  }

  private void tellStackIsUp(PrintWriter progress, ImageReleaseConfig config, DemoBus bus, DemoAzure azure) {
    if (config.target(AwsConfig.class).enabled()) {
      AwsConfig aws = config.target(AwsConfig.class);
      tell(progress, "AWS: the local AWS endpoint at " + aws.endpoint().orElseThrow() + " (any AWS client, e.g. aws --endpoint-url);"
          + " AMIs are uploaded and smoke-tested in " + aws.primaryRegion() + ", copied to " + aws.regions() + " after the gate");
    }
    if (azure != null) {
      AzureConfig target = config.target(AzureConfig.class);
      tell(progress, "Azure: the local ARM endpoint at " + azure.endpoints().armEndpoint() + " (gallery " + target.gallery().gallery()
          + " in " + target.primaryRegion() + ") and Blob storage: " + azure.blobStorage() + ";");
      tell(progress, "  VHDs are uploaded as page blobs to container " + target.container() + ", a version is created and tested in "
          + target.primaryRegion() + ", replicated to " + target.regions() + " after the gate, then promoted to latest");
    }
    boolean mirror = config.target(MirrorConfig.class).enabled();
    tell(progress, "Temporal (embedded, in process) and a worker are up" + (bus == null ? "" : ", the worker publishing release events on the bus")
        + (mirror ? ". Mirror roots:" : "."));
    List<MirrorRoot> roots = mirror ? config.target(MirrorConfig.class).settings().roots() : List.of();
    for (MirrorRoot root : roots) {
      tell(progress, String.format(Locale.ROOT, "  %-15s %s  (%s)", root.name(), root.directory(),
          root == roots.get(0) ? "primary: images are uploaded and tested here" : "replica: images are copied here after the gate"));
    }
    if (bus != null) {
      for (MessagingSettings.Binding binding : bus.consumerBindings()) {
        tell(progress, "Bus consumer on queue " + binding.queue() + " <- " + binding.exchange() + " " + binding.routingKeys());
      }
      tell(progress, "Event listener on queue " + bus.eventQueue() + " <- " + DemoBus.EXCHANGE + " " + ReleaseEventTopics.bindingKeys(bus.topicPrefix()));
    }
    tell(progress, "Releasing. The gate waits for " + DemoConfiguration.TESTCASE + " from the local test runner, "
        + (failTests ? "told to report FAILED for every image (--fail-tests)" : "which checks each uploaded image's disk")
        + (bus == null ? "." : ", and sends its results as ResultsDB messages."));
  }

  private static DemoReport.MirrorRootInfo info(MirrorRoot root) {
    return new DemoReport.MirrorRootInfo(root.name(), root.directory().toString(), root.publicBaseUrl());
  }

  /** Today's compose date, in UTC as Pungi dates composes. */
  private static String today() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  private static Duration millisSince(long startNanos) {
    return Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000);
  }

  private static void tell(PrintWriter progress, String line) {
    progress.println(line);
    progress.flush();
  }
}
