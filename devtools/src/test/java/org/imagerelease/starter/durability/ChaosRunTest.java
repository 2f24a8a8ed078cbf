package org.imagerelease.starter.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.localcloud.http.Faults;
import org.imagerelease.localcloud.http.ServedRequest;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.starter.consume.BusConsumer;
import org.imagerelease.starter.consume.ConsumerTemporal;
import org.imagerelease.starter.consume.MessageDispatcher;
import org.imagerelease.starter.durability.WorkerProcesses.Worker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.imagerelease.localcloud.aws.Inventory;
import org.imagerelease.localcloud.aws.InventoryItem;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.aws.Quotas;
import org.imagerelease.localcloud.azure.arm.ArmDelays;
import org.imagerelease.localcloud.azure.arm.LocalArm;
import org.imagerelease.localcloud.azure.arm.LocalArmConfig;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.imagerelease.activities.azure.LocalAzure;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.net.URI;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos run: composes announced on the bus at once, each twice, released to a mirror with two
 * roots, to AWS through the local AWS endpoint and to Azure through the local ARM endpoint and
 * Blob storage, both of which throttle some calls and lose the responses of others after acting
 * on them ({@code -Dchaos.aws=false} leaves AWS out, {@code -Dchaos.azure=true} takes Azure in), by worker JVMs
 * that are killed with SIGKILL at random moments and replaced, while a tenth of the compose
 * server's responses fail (503, 429, a reset mid-body). Every release must end RELEASED, or
 * COMPENSATED where its gate was rejected, with one copy of each image in each root, nothing left
 * of a compensated release or in staging (nor in AWS: one AMI and one snapshot per region of a
 * released compose, none of a compensated one, no instance, no unfinished snapshot; nor in Azure:
 * one version of a released compose, promoted and in both regions, none of a compensated one, no
 * blob), no message lost; it prints one table.
 *
 * <p>It runs in the Maven profile {@code chaos} (on unless {@code -DskipChaos}), so {@code mvn
 * verify} and .ci/run run it after the other tests. Its size is set by system properties
 * {@code chaos.composes} (50) and {@code chaos.kills} (50, at least).
 */
@Tag("chaos")
class ChaosRunTest {
  private static final int COMPOSES = Integer.getInteger("chaos.composes", 50);
  private static final int MINIMUM_KILLS = Integer.getInteger("chaos.kills", 50);
  private static final int WORKERS = 3;
  private static final int BLOCK_SIZE = 64 * 1024;
  private static final int BLOCK_COUNT = 48;
  /** About two seconds per image when nothing fails: kills land mid-transfer. */
  private static final long SOURCE_BYTES_PER_SECOND = (long) BLOCK_SIZE * BLOCK_COUNT / 2;
  private static final double FAULTY_SHARE = 0.10;
  /** Every tenth compose's gate is rejected: those releases must be compensated. */
  private static final int REJECT_EVERY = 10;
  private static final Duration KILL_INTERVAL = Duration.ofMillis(1_000);
  private static final Duration PATIENCE = Duration.ofMinutes(8);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Whether AWS (the local AWS endpoint, with throttling and lost responses) is a target too: on
   * unless {@code -Dchaos.aws=false}.
   */
  private static final boolean WITH_AWS = !"false".equals(System.getProperty("chaos.aws", "true"));
  private static final String AWS_PRIMARY = "us-east-1";
  private static final String AWS_REPLICA = "eu-west-1";
  /**
   * Whether Azure (the local ARM endpoint, throttling and losing responses, and Azurite or the
   * embedded Blob service) is a target too: only with {@code -Dchaos.azure=true}. With it the run
   * takes five to seven minutes on two cores, more than the suite's budget leaves it.
   */
  private static final boolean WITH_AZURE = "true".equals(System.getProperty("chaos.azure", "false"));
  private static final String AZURE_PRIMARY = "eastus";
  private static final String AZURE_REPLICA = "westeurope";
  private static final String AZURE_RESOURCE_GROUP = "chaos";
  private static final String AZURE_GALLERY = "chaos_gallery";
  private static final String AZURE_CONTAINER = "image-release-uploads";
  /**
   * Every fifth compose has the VHD Azure releases (half of them with their gate rejected): all
   * fifty in Azure too made the run take twice as long, past what the suite can spend on it.
   */
  private static final int AZURE_EVERY = 5;

  @RegisterExtension final WorkerProcesses workers = new WorkerProcesses();
  @TempDir Path dir;

  private final String environment = "chaos" + UUID.randomUUID().toString().substring(0, 8);
  private final String queue = "image-release-" + environment;
  private final SplittableRandom random = new SplittableRandom(20261207);
  private final Map<String, OneImageCompose> composes = new TreeMap<>();
  private final Map<ReleaseStage, Integer> killsByStage = new ConcurrentHashMap<>();
  private final Map<Long, Long> peakRssKiB = new ConcurrentHashMap<>();
  private volatile Map<String, String> stages = Map.of();
  private String serverBase;
  private volatile int kills;
  private volatile long killsEndedNanos;

  @Test
  void everyReleaseEndsOnceWithOneCopyOfEverythingThroughKillsAndFaults() throws Exception {
    Path served = Files.createDirectories(dir.resolve("composes"));
    for (int i = 0; i < COMPOSES; i++) {
      String composeId = "Fedora-42-20261207.n." + i;
      composes.put(composeId, OneImageCompose.write(served.resolve(composeId).resolve("compose"), composeId, BLOCK_SIZE, BLOCK_COUNT, i, b -> b % 7 == 3,
          i % AZURE_EVERY == 0));
    }
    Path primary = Files.createDirectories(dir.resolve("mirror-primary"));
    Path secondary = Files.createDirectories(dir.resolve("mirror-secondary"));
    Path observations = dir.resolve("observations.log");
    SimpleMeterRegistry counted = new SimpleMeterRegistry();
    ReleaseMetrics.registry().add(counted);
    try (LocalBroker broker = LocalBroker.realOrEmbedded();
        ComposeHttpServer server = ComposeHttpServer.start(served);
        EmbeddedTemporal temporal = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        LocalAws aws = LocalAws.start(LocalAwsConfig.everyDelay(Duration.ofMillis(50)).withQuotas(Quotas.aws().withPublicImagesPerRegion(1000)));
        LocalArm arm = LocalArm.start(LocalArmConfig.defaults().withDelays(ArmDelays.all(Duration.ofMillis(200))));
        LocalBlobStorage blobs = LocalBlobStorage.azuriteOrEmbedded()) {
      workers.setInEveryWorker("aws.accessKeyId", "AKIDCHAOS");
      workers.setInEveryWorker("aws.secretAccessKey", "chaos-secret");
      arm.createGallery(AZURE_RESOURCE_GROUP, AZURE_GALLERY, AZURE_PRIMARY);
      if (WITH_AZURE) {
        LocalAzureProperties.passTo(workers, new LocalAzure(arm.endpoint(), arm.writeCertificate(dir.resolve("arm.pem")), arm.subscriptionId(),
            URI.create(blobs.blobEndpoint()), LocalBlobStorage.DEV_ACCOUNT_KEY));
      }
      System.out.println("chaos run: broker " + broker.description() + ", Temporal " + temporal.address() + ", Blob storage " + blobs.description());
      serverBase = server.baseUri().toString().endsWith("/") ? server.baseUri().toString() : server.baseUri() + "/";
      server.faults().throttle(Faults.ANY_PATH, SOURCE_BYTES_PER_SECOND);
      Path config = Files.writeString(dir.resolve("config.toml"), config(broker, server, temporal, primary, secondary, aws));
      ImageReleaseConfig loaded = new ConfigLoader(Map.of()).load(Optional.of(config));
      for (int i = 0; i < WORKERS; i++) {
        workers.start("w" + i, config, observations);
      }
      try (TemporalConnection connection = ConsumerTemporal.connect(loaded.temporal());
          BusConsumer consumer = new BusConsumer(loaded.messaging(), MessageDispatcher.forReleases(new ReleaseClient(connection.client(), loaded.temporal().taskQueue()), loaded), BusConsumer.Tuning.defaults())) {
        ReleaseClient releases = new ReleaseClient(connection.client(), loaded.temporal().taskQueue());
        consumer.start();
        server.faults().spoilRandomly(FAULTY_SHARE, 42);
        if (WITH_AWS) {
          breakAwsNowAndThen(aws);
        }
        if (WITH_AZURE) {
          breakAzureNowAndThen(arm);
        }
        announceEveryComposeTwice(broker);

        long started = System.nanoTime();
        AtomicBoolean ended = new AtomicBoolean();
        Thread killer = new Thread(() -> killUntil(ended, config, observations), "chaos-killer");
        killer.start();
        Map<String, ReleaseSummary> endings;
        try {
          endings = decideGatesUntilEveryReleaseEnded(releases);
        } finally {
          ended.set(true);
          killer.join();
        }
        long finished = System.nanoTime();
        workers.alive().forEach(this::notePeakRss);
        long spoiled = server.faults().spoiledRandomly();
        server.faults().clear();
        consumer.close();

        aws.faults().clear();
        arm.faults().clear();
        List<String> cloudLeaks = new ArrayList<>();
        if (WITH_AWS) {
          cloudLeaks.addAll(awsLeaks(aws.inventory()));
        }
        if (WITH_AZURE) {
          cloudLeaks.addAll(azureLeaks(arm.inventory(), blobs));
        }
        Outcome outcome = outcomeOf(releases, endings, primary, secondary, server.requests(), observations, counted, spoiled, cloudLeaks,
            Duration.ofNanos((killsEndedNanos == 0 ? finished : killsEndedNanos) - started), Duration.ofNanos(finished - started));
        System.out.println(outcome.table());
        outcome.assertClean(COMPOSES, MINIMUM_KILLS);
      } finally {
        deleteQueue(broker);
      }
    } finally {
      ReleaseMetrics.registry().remove(counted);
    }
  }

  /**
   * AWS answers some calls with throttling and loses the responses of others after doing what
   * they asked (the call retried must find it, not make a second one).
   */
  private static void breakAwsNowAndThen(LocalAws aws) {
    aws.faults()
        .throttle("PutSnapshotBlock", 40)
        .throttle("CopyImage", 10)
        .throttle("DescribeImages", 20)
        .dropResponse("StartSnapshot", 5)
        .dropResponse("RegisterImage", 5)
        .dropResponse("CopyImage", 5)
        .resetConnection("CompleteSnapshot", 5);
  }

  /**
   * Azure throttles some calls and loses the answers of others after doing what they asked: a
   * version created or updated, a definition created (the retry must adopt, not make another).
   */
  private static void breakAzureNowAndThen(LocalArm arm) {
    arm.faults()
        .throttle("GalleryImageVersions_Get", 20)
        .throttle("GalleryImageVersions_CreateOrUpdate", 5)
        .dropResponse("GalleryImageVersions_CreateOrUpdate", 8)
        .dropResponse("GalleryImageVersions_Update", 3)
        .dropResponse("GalleryImages_CreateOrUpdate", 1);
  }

  private String config(LocalBroker broker, ComposeHttpServer server, EmbeddedTemporal temporal, Path primary, Path secondary, LocalAws aws) {
    return """
        amqp_url = "%s"

        [queues."%s"]
        durable = false
        auto_delete = false
        exclusive = false
        arguments = {}

        [[bindings]]
        queue = "%s"
        exchange = "amq.topic"
        routing_keys = ["org.fedoraproject.%s.pungi.compose.status.change"]

        [consumer_config.temporal]
        target = "%s"

        [consumer_config.composes]
        allowed_locations = ["%s"]

        [consumer_config.gate]
        policy = "approval"
        timeout = "1h"

        [consumer_config.timeouts]
        transfer_heartbeat = "3s"
        cloud_call = "5s"

        [consumer_config.transfer]
        block_size = %d
        checkpoint_interval = "250ms"
        sink_parallelism = 4
        read_timeout = "5s"

        [consumer_config.worker]
        shutdown_grace = "1s"
        max_concurrent_transfers = 4

        [consumer_config.mirror.selection]
        types = ["raw"]
        formats = ["raw"]

        [[consumer_config.mirror.roots]]
        name = "primary"
        path = '%s'

        [[consumer_config.mirror.roots]]
        name = "secondary"
        path = '%s'

        [consumer_config.aws]
        enabled = %s
        primary_region = "%s"
        regions = ["%s"]
        endpoint = "%s"
        poll_interval = "200ms"
        call_timeout = "4s"
        [consumer_config.aws.selection]
        types = ["raw"]
        formats = ["raw"]
        subvariants = ["Cloud_Base"]
        [consumer_config.aws.publish]
        public_ami_quota = 1000
        [consumer_config.aws.smoke_test]
        enabled = false

        [consumer_config.azure]
        enabled = %s
        primary_region = "%s"
        regions = ["%s"]
        resource_group = "%s"
        gallery = "%s"
        storage_account = "devstoreaccount1"
        container = "%s"
        poll_interval = "200ms"
        [consumer_config.azure.selection]
        types = ["vhd"]
        formats = ["vhd"]
        subvariants = ["Cloud_Base"]
        """
        .formatted(broker.amqpUrl(), queue, queue, environment, temporal.address(), server.baseUri(), BLOCK_SIZE, primary, secondary,
            WITH_AWS, AWS_PRIMARY, AWS_REPLICA, aws.endpoint(),
            WITH_AZURE, AZURE_PRIMARY, AZURE_REPLICA, AZURE_RESOURCE_GROUP, AZURE_GALLERY, AZURE_CONTAINER);
  }

  /** Pungi's FINISHED message for every compose, each sent twice, all at once. */
  private void announceEveryComposeTwice(LocalBroker broker) throws Exception {
    try (Connection connection = connect(broker); Channel channel = connection.createChannel()) {
      for (int round = 0; round < 2; round++) {
        for (OneImageCompose compose : composes.values()) {
          ObjectNode body = JSON.createObjectNode();
          body.put("compose_id", compose.composeId());
          body.put("compose_date", "20261207");
          body.put("compose_type", "nightly");
          body.put("compose_respin", 0);
          body.put("compose_label", (String) null);
          body.put("release_short", "Fedora");
          body.put("release_version", "42");
          body.put("release_is_layered", false);
          body.put("status", "FINISHED");
          body.put("location", serverBase + compose.composeId() + "/compose");
          AMQP.BasicProperties properties =
              new AMQP.BasicProperties.Builder()
                  .contentType("application/json")
                  .contentEncoding("utf-8")
                  .deliveryMode(2)
                  .messageId(UUID.randomUUID().toString())
                  .headers(Map.of("fedora_messaging_schema", "base.message", "fedora_messaging_severity", 20, "priority", 0, "sent-at", "2026-12-07T08:47:36+00:00"))
                  .build();
          channel.basicPublish("amq.topic", "org.fedoraproject." + environment + ".pungi.compose.status.change", properties, JSON.writeValueAsBytes(body));
        }
      }
    }
  }

  /**
   * Every {@link #KILL_INTERVAL}, give or take half, kills a random worker with SIGKILL and starts
   * a new one, {@link #MINIMUM_KILLS} times or until the releases ended; notes what was in flight
   * at each kill and each worker's peak resident memory. Then the releases finish undisturbed:
   * that they all do is what the run proves. Kills land at every stage: a step a kill interrupts
   * is retried once its heartbeat or its start-to-close timeout ran out (3 s, 5 s and, for an
   * event, a heartbeat of 10 s here).
   */
  private void killUntil(AtomicBoolean ended, Path config, Path observations) {
    int started = WORKERS;
    try {
      while (!ended.get() && kills < MINIMUM_KILLS) {
        long pause = KILL_INTERVAL.toMillis() / 2 + random.nextLong(KILL_INTERVAL.toMillis());
        for (long waited = 0; waited < pause && !ended.get(); waited += 100) {
          Thread.sleep(100);
          workers.alive().forEach(this::notePeakRss);
        }
        if (ended.get()) {
          return;
        }
        List<Worker> working = working(observations);
        if (!worthAKill(working)) {
          continue;
        }
        Worker victim = working.get(random.nextInt(working.size()));
        notePeakRss(victim);
        victim.process().destroyForcibly();
        victim.process().waitFor(30, TimeUnit.SECONDS);
        Set.copyOf(stages.values()).forEach(stage -> killsByStage.merge(ReleaseStage.valueOf(stage), 1, Integer::sum));
        kills++;
        workers.start("w" + started++, config, observations);
        killsEndedNanos = System.nanoTime();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether a kill now would say anything: not while every worker is still starting (a slow JVM
   * start on a loaded machine), nor while no release is in flight.
   */
  private boolean worthAKill(List<Worker> working) {
    return !working.isEmpty() && !stages.isEmpty();
  }

  /** The live workers that poll already: those that recorded {@link Observation.Kind#STARTED}. */
  private List<Worker> working(Path observations) throws IOException {
    Set<Long> started = ObservationLog.read(observations).stream()
        .filter(o -> o.kind() == Observation.Kind.STARTED).map(Observation::pid).collect(Collectors.toSet());
    return workers.alive().stream().filter(w -> started.contains(w.pid())).toList();
  }

  /** VmHWM of the process, the most it was resident at once, as Linux counts it. */
  private void notePeakRss(Worker worker) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(worker.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          peakRssKiB.merge(worker.pid(), kib, Math::max);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone already, or not Linux: this sample is missing, nothing else.
    }
  }

  /**
   * Approves the gate of each release waiting for it, rejecting every {@link #REJECT_EVERY}th
   * compose's, until every compose has a release that ended; returns each compose's release.
   */
  private Map<String, ReleaseSummary> decideGatesUntilEveryReleaseEnded(ReleaseClient releases) throws InterruptedException {
    Set<String> decided = ConcurrentHashMap.newKeySet();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Map<String, ReleaseSummary> byCompose = new TreeMap<>();
      try {
        releases.list(Optional.empty()).releases().forEach(r -> byCompose.put(r.composeId(), r));
      } catch (RuntimeException e) {
        // The embedded server's listing can trip over workflows being started at that moment
        // (a ConcurrentModificationException inside it): look again next round.
        System.out.println("chaos run: listing the releases failed for now: " + e);
        Thread.sleep(500);
        continue;
      }
      stages = byCompose.values().stream().filter(r -> r.closed() == null && !r.stage().isEmpty())
          .collect(Collectors.toMap(ReleaseSummary::composeId, ReleaseSummary::stage));
      for (ReleaseSummary release : byCompose.values()) {
        if (release.stage().equals(ReleaseStage.AWAITING_APPROVAL.name()) && decided.add(release.composeId())) {
          decide(releases, release.composeId());
        }
      }
      long ended = byCompose.values().stream().filter(r -> r.closed() != null).count();
      if (ended == COMPOSES && byCompose.keySet().equals(composes.keySet())) {
        return byCompose;
      }
      assertThat(System.nanoTime()).as("every release ends within %s; now: %s", PATIENCE, stageCounts(byCompose.values())).isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  private void decide(ReleaseClient releases, String composeId) {
    int number = Integer.parseInt(composeId.substring(composeId.lastIndexOf('.') + 1));
    try {
      if (number % REJECT_EVERY == 0) {
        releases.reject(composeId, new Decision("chaos", "rejected on purpose: the release must be compensated"));
      } else {
        releases.approve(composeId, new Decision("chaos", "chaos run"));
      }
    } catch (RuntimeException e) {
      // The release moved on in between (it cannot, at its gate) or Temporal was busy: decide again next round.
      System.out.println("chaos run: deciding " + composeId + " failed for now: " + e);
    }
  }

  private static Map<String, Long> stageCounts(Collection<ReleaseSummary> releases) {
    return releases.stream().collect(Collectors.groupingBy(ReleaseSummary::stage, TreeMap::new, Collectors.counting()));
  }

  private Outcome outcomeOf(
      ReleaseClient releases, Map<String, ReleaseSummary> endings, Path primary, Path secondary, List<ServedRequest> requests,
      Path observations, SimpleMeterRegistry counted, long spoiled, List<String> cloudLeaks, Duration killing, Duration releasing) throws Exception {
    Map<String, Long> outcomes = stageCounts(endings.values());
    int duplicates = 0;
    int wrongOutcomes = 0;
    List<String> leaks = new ArrayList<>(cloudLeaks);
    Map<String, Long> releasesPerCompose =
        releases.list(Optional.empty()).releases().stream().collect(Collectors.groupingBy(ReleaseSummary::composeId, Collectors.counting()));
    for (OneImageCompose compose : composes.values()) {
      duplicates += releasesPerCompose.getOrDefault(compose.composeId(), 0L) - 1;
      boolean rejected = Integer.parseInt(compose.composeId().substring(compose.composeId().lastIndexOf('.') + 1)) % REJECT_EVERY == 0;
      String expected = (rejected ? ReleaseStage.COMPENSATED : ReleaseStage.RELEASED).name();
      if (!endings.get(compose.composeId()).stage().equals(expected)) {
        wrongOutcomes++;
        System.out.println("chaos run: " + compose.composeId() + " ended " + endings.get(compose.composeId()).stage() + ", expected " + expected
            + "; status: " + releases.status(compose.composeId()));
      }
      // The mirror releases the raw image alone here: the VHD is Azure's (fewer steps, a shorter run).
      List<OneImageCompose.ImageFile> images = List.of(new OneImageCompose.ImageFile(compose.imagePath(), compose.sha256()));
      for (Path root : List.of(primary, secondary)) {
        for (OneImageCompose.ImageFile image : images) {
          Path published = root.resolve(compose.composeId()).resolve(image.path());
          if (rejected && Files.exists(published)) {
            leaks.add(published.toString());
          }
          if (!rejected && !(Files.isRegularFile(published) && sha256(published).equals(image.sha256()))) {
            leaks.add("missing or wrong: " + published);
          }
        }
      }
    }
    for (Path root : List.of(primary, secondary)) {
      try (Stream<Path> staged = Files.walk(root.resolve(".staging"))) {
        staged.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".lock")).forEach(f -> leaks.add("left in staging: " + f));
      } catch (NoSuchFileException e) {
        // Nothing was ever staged there.
      }
    }
    // Each target reads the images it releases once: the mirror and AWS the raw one, Azure the VHD.
    long imageBytes = composes.values().stream()
        .mapToLong(c -> (long) c.blockSize() * c.blockCount() * (WITH_AWS ? 2 : 1)
            + (c.vhd().isPresent() && WITH_AZURE ? (long) c.blockSize() * c.blockCount() + VhdFooter.SIZE : 0))
        .sum();
    long servedImageBytes =
        requests.stream().filter(r -> r.path().endsWith(".raw") || r.path().endsWith(".vhd")).mapToLong(ServedRequest::bodyBytes).sum();
    TransferHistory history = new TransferHistory(ObservationLog.read(observations));
    long consumed = (long) counted.counter("image_release.messages.consumed").count();
    long rejectedMessages = counted.find("image_release.messages.rejected").counters().stream().mapToLong(c -> (long) c.count()).sum();
    return new Outcome(kills, new TreeMap<>(killsByStage), outcomes, duplicates, wrongOutcomes, leaks, consumed, rejectedMessages,
        2L * COMPOSES, spoiled, history.resentByTarget(), servedImageBytes, imageBytes, peakRssKiB.values().stream().mapToLong(Long::longValue).max().orElse(0),
        killing, releasing);
  }

  /**
   * What AWS holds that it should not: per region, a released compose has exactly one AMI, public,
   * and one snapshot; a compensated one nothing; no instance runs and no snapshot is unfinished.
   */
  private List<String> awsLeaks(Inventory aws) {
    List<String> leaks = new ArrayList<>();
    for (OneImageCompose compose : composes.values()) {
      boolean rejected = Integer.parseInt(compose.composeId().substring(compose.composeId().lastIndexOf('.') + 1)) % REJECT_EVERY == 0;
      for (String region : List.of(AWS_PRIMARY, AWS_REPLICA)) {
        List<InventoryItem> amis = aws.in(region).stream()
            .filter(i -> i.kind() == org.imagerelease.localcloud.aws.ResourceKind.IMAGE && compose.composeId().equals(i.tags().get("ComposeId"))).toList();
        List<InventoryItem> snapshots = aws.in(region).stream()
            .filter(i -> i.kind() == org.imagerelease.localcloud.aws.ResourceKind.SNAPSHOT && compose.composeId().equals(i.tags().get("ComposeId"))).toList();
        int expected = rejected ? 0 : 1;
        if (amis.size() != expected || snapshots.size() != expected) {
          leaks.add("AWS " + region + " holds " + amis.size() + " AMIs and " + snapshots.size() + " snapshots of " + compose.composeId() + ", not " + expected);
        }
      }
    }
    // Every compose names the same "latest" parameter: it must end at the newest released compose's AMI.
    String newest = composes.keySet().stream()
        .filter(id -> Integer.parseInt(id.substring(id.lastIndexOf('.') + 1)) % REJECT_EVERY != 0)
        .max(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(id.lastIndexOf('.') + 1)))).orElseThrow();
    for (String region : List.of(AWS_PRIMARY, AWS_REPLICA)) {
      List<String> newestAmi = aws.in(region).stream()
          .filter(i -> i.kind() == org.imagerelease.localcloud.aws.ResourceKind.IMAGE && newest.equals(i.tags().get("ComposeId"))).map(InventoryItem::id).toList();
      List<String> latest = aws.in(region).stream().filter(i -> i.kind() == org.imagerelease.localcloud.aws.ResourceKind.PARAMETER).map(InventoryItem::detail).toList();
      if (!latest.equals(newestAmi)) {
        leaks.add("AWS " + region + ": the latest parameter names " + latest + ", not " + newestAmi + " of the newest compose " + newest);
      }
    }
    aws.live().stream().filter(i -> i.kind() == org.imagerelease.localcloud.aws.ResourceKind.INSTANCE).forEach(i -> leaks.add("AWS instance left: " + i));
    aws.live().stream().filter(i -> i.kind() == org.imagerelease.localcloud.aws.ResourceKind.SNAPSHOT && !i.state().equals("completed"))
        .forEach(i -> leaks.add("AWS snapshot unfinished: " + i));
    return leaks;
  }

  /**
   * What Azure holds that it should not: a released compose has one version, promoted and
   * replicated to both regions; a compensated one none; no version is unfinished and no upload
   * blob is left (a release deletes its blobs when it ends).
   */
  private List<String> azureLeaks(org.imagerelease.localcloud.azure.arm.Inventory arm, LocalBlobStorage blobs) {
    List<String> leaks = new ArrayList<>();
    List<org.imagerelease.localcloud.azure.arm.InventoryItem> versions = arm.of(org.imagerelease.localcloud.azure.arm.ResourceKind.IMAGE_VERSION);
    for (OneImageCompose compose : composes.values()) {
      if (compose.vhd().isEmpty()) {
        continue;
      }
      boolean rejected = Integer.parseInt(compose.composeId().substring(compose.composeId().lastIndexOf('.') + 1)) % REJECT_EVERY == 0;
      // Pungi's respin is the compose id's last number, the version's last part: 42.20261207.<n>.
      String version = "/versions/42.20261207." + compose.composeId().substring(compose.composeId().lastIndexOf('.') + 1);
      List<org.imagerelease.localcloud.azure.arm.InventoryItem> ofCompose = versions.stream().filter(v -> v.id().endsWith(version)).toList();
      if (ofCompose.size() != (rejected ? 0 : 1)) {
        leaks.add("Azure holds " + ofCompose.size() + " versions of " + compose.composeId() + ", not " + (rejected ? 0 : 1));
      }
      for (org.imagerelease.localcloud.azure.arm.InventoryItem released : ofCompose) {
        if (!released.detail().contains("excludeFromLatest=false") || !released.detail().contains(AZURE_PRIMARY + " Completed")
            || !released.detail().contains(AZURE_REPLICA + " Completed")) {
          leaks.add("Azure version of " + compose.composeId() + " not promoted and replicated everywhere: " + released);
        }
      }
    }
    versions.stream().filter(v -> !v.provisioningState().equals("Succeeded")).forEach(v -> leaks.add("Azure version unfinished: " + v));
    BlobContainerClient container = new BlobServiceClientBuilder().connectionString(blobs.connectionString()).buildClient().getBlobContainerClient(AZURE_CONTAINER);
    if (container.exists()) {
      container.listBlobs().forEach(blob -> leaks.add("Azure blob left: " + blob.getName()));
    }
    return leaks;
  }

  /** What the run did and left behind. */
  record Outcome(
      int kills, Map<ReleaseStage, Integer> killsByStage, Map<String, Long> releasesByOutcome, int duplicates, int wrongOutcomes,
      List<String> leaks, long messagesConsumed, long messagesRejected, long messagesSent, long faultyResponses,
      Map<String, TransferHistory.Resent> resentByTarget, long imageBytesServed, long imageBytes, long peakWorkerRssKiB, Duration killing,
      Duration releasing) {

    String table() {
      String inFlight = killsByStage.entrySet().stream().filter(e -> e.getValue() > 0)
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
      long rereadBytes = imageBytesServed - imageBytes;
      return String.join("\n",
          "chaos run",
          "| figure | value |",
          "|---|---|",
          "| targets | mirror (2 roots)" + (WITH_AWS ? ", AWS (" + AWS_PRIMARY + ", " + AWS_REPLICA + "; throttling and lost responses)" : "; AWS left out (-Dchaos.aws=false)")
              + (WITH_AZURE ? ", Azure (" + AZURE_PRIMARY + ", " + AZURE_REPLICA + "; throttling and lost responses)" : "; Azure left out (-Dchaos.azure=true takes it in)") + " |",
          "| kills survived (SIGKILL, a new worker each time) | " + kills + " |",
          "| kills over / every release ended after (from the first message) | " + killing.toSeconds() + " s / " + releasing.toSeconds() + " s |",
          "| kills with releases at (stage: kills) | " + inFlight + " |",
          "| releases by outcome | " + releasesByOutcome + " |",
          "| releases that ended otherwise than expected | " + wrongOutcomes + " |",
          "| duplicates (second release of a compose) | " + duplicates + " |",
          "| leaks (anything of a compensated release, staging leftovers or blobs, missing or doubled copies, AMIs or versions) | " + leaks.size() + " |",
          "| messages sent / consumed / rejected / lost | " + messagesSent + " / " + messagesConsumed + " / " + messagesRejected + " / " + (messagesSent - messagesConsumed - messagesRejected) + " |",
          "| compose server responses spoiled (503, 429, reset) | " + faultyResponses + " |",
          "| blocks sent again after kills and faults, per target (of the distinct blocks sent) | " + resent() + " |",
          String.format("| image bytes read again | %d of %d (%.1f %%) |", rereadBytes, imageBytes, 100.0 * rereadBytes / imageBytes),
          String.format("| peak RSS of a worker | %.0f MiB |", peakWorkerRssKiB / 1024.0));
    }

    private String resent() {
      return resentByTarget.entrySet().stream()
          .map(e -> String.format("%s %d of %d blocks (%.1f %%), %.1f MiB", e.getKey(), e.getValue().blocks(), e.getValue().distinctBlocks(),
              100.0 * e.getValue().blocks() / e.getValue().distinctBlocks(), e.getValue().bytes() / 1048576.0))
          .collect(Collectors.joining("; "));
    }

    void assertClean(int composes, int minimumKills) {
      assertThat(leaks).as("leaks").isEmpty();
      assertThat(duplicates).as("duplicate releases").isZero();
      assertThat(wrongOutcomes).as("releases that ended otherwise than expected").isZero();
      assertThat(releasesByOutcome.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(composes);
      assertThat(messagesConsumed).as("messages consumed (none lost, none rejected)").isEqualTo(messagesSent);
      assertThat(kills).as("kills survived").isGreaterThanOrEqualTo(minimumKills);
      assertThat(faultyResponses).as("faults injected").isPositive();
    }
  }

  private static Connection connect(LocalBroker broker) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(broker.amqpUrl());
    return factory.newConnection("image-release chaos run publisher");
  }

  private void deleteQueue(LocalBroker broker) {
    try (Connection connection = connect(broker); Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
    } catch (Exception e) {
      System.out.println("chaos run: queue " + queue + " was already gone: " + e);
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(digest.digest());
  }
}
