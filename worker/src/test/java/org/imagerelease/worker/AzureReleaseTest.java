package org.imagerelease.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.azure.GallerySettings;
import org.imagerelease.activities.azure.LocalAzure;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.events.ReleaseEventMessages;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.localcloud.azure.arm.LocalArm;
import org.imagerelease.localcloud.azure.arm.LocalArmConfig;
import org.imagerelease.localcloud.azure.arm.ResourceKind;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TargetModules;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Azure path through {@link ImageReleaseWorkflow} on a real worker: the real Azure
 * target and SDK clients against the local ARM endpoint and Azurite (or the embedded Blob service;
 * the log says which). Workflow time skips, so a region's hour of retries passes at once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureReleaseTest {
  private static final String COMPOSE_ID = "Fedora-42-20261207.n.0";
  private static final String PRIMARY = "westeurope";
  private static final String REPLICA = "eastus";
  private static final String OTHER_REPLICA = "northeurope";
  private static final String GROUP = "fedora-cloud";
  private static final String GALLERY = "Fedora";

  @TempDir Path dir;
  private LocalBlobStorage storage;
  private OneReleaseOnTestServer temporal;
  private LocalArm arm;
  private int run;
  private final List<ReleaseEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startStorage() {
    // The local endpoint sends no Retry-After here: the client then polls every 20 ms.
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(interval -> Duration.ofMillis(20));
    storage = LocalBlobStorage.azuriteOrEmbedded();
    System.out.println(getClass().getSimpleName() + " runs against " + storage.description() + " and the local ARM endpoint");
  }

  @AfterAll
  void stopStorage() {
    storage.close();
  }

  @BeforeEach
  void start() {
    events.clear();
    arm = LocalArm.start(LocalArmConfig.everyDelay(Duration.ofMillis(30)));
    temporal = new OneReleaseOnTestServer();
  }

  @AfterEach
  void stop() {
    temporal.close();
    arm.close();
  }

  @Test
  void theComposeBecomesTheLatestVersionReplicatedToEveryRegionAndItsBlobIsGone() throws Exception {
    ReleaseStatus end = release(RegionFailurePolicy.defaults());

    assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(end.images().get(0).locations())
        .extracting(LocationStatus::location, LocationStatus::state)
        .containsExactly(tuple(PRIMARY, LocationState.PUBLISHED), tuple(REPLICA, LocationState.PUBLISHED), tuple(OTHER_REPLICA, LocationState.PUBLISHED));
    assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).singleElement()
        .satisfies(version -> assertThat(version.detail()).contains("excludeFromLatest=false").contains(REPLICA).contains(OTHER_REPLICA));
    assertThat(arm.callCount("GalleryImageVersions_CreateOrUpdate")).isEqualTo(1);
    assertThat(uploadBlobs()).as("the version holds its own copy").isEmpty();

    ReleaseEvent published = events.stream().filter(e -> e.kind() == ReleaseEventKind.IMAGE_PUBLISHED).findFirst().orElseThrow();
    FedoraMessage message = new ReleaseEventMessages(Clock.systemUTC(), TargetModules.publishedFormats()).messagesFor(published).stream()
        .filter(m -> m.topic().startsWith("fedora_image_uploader.published.v1.azure")).findFirst().orElseThrow();
    assertThat(message.topic()).isEqualTo("fedora_image_uploader.published.v1.azure.nightly.Cloud_Base.x86_64");
    assertThat(message.body().get("image_definition_name").asText()).isEqualTo("Fedora-Cloud-42-x64");
    assertThat(message.body().get("image_version_name").asText()).isEqualTo("42.20261207.0");
    assertThat(message.body().get("image_resource_id").asText()).endsWith("/images/Fedora-Cloud-42-x64/versions/42.20261207.0");
    assertThat(message.body().get("regions")).extracting(JsonNode::asText).containsExactlyInAnyOrder(PRIMARY, REPLICA, OTHER_REPLICA);
    assertThat(message.body().get("release").asInt()).isEqualTo(42);
  }

  @Test
  void aRegionWhoseReplicationFailsIsSkippedUnderTheDefaultPolicyAndDroppedFromTheVersion() throws Exception {
    arm.faults().failReplication(REPLICA);

    ReleaseStatus end = release(RegionFailurePolicy.defaults());

    assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(end.images().get(0).locations())
        .extracting(LocationStatus::location, LocationStatus::state)
        .containsExactly(tuple(PRIMARY, LocationState.PUBLISHED), tuple(REPLICA, LocationState.SKIPPED), tuple(OTHER_REPLICA, LocationState.PUBLISHED));
    assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).singleElement()
        .satisfies(version -> assertThat(version.detail()).contains("excludeFromLatest=false").doesNotContain(REPLICA));
  }

  @Test
  void underFailReleaseAFailingRegionFailsTheReleaseAndNothingIsLeftInTheGalleryOrTheContainer() throws Exception {
    arm.faults().failReplication(REPLICA);

    ReleaseStatus end = release(new RegionFailurePolicy(RegionFailurePolicy.OnFailure.FAIL_RELEASE, Duration.ofMinutes(30)));

    assertThat(end.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(end.lastError()).contains("failed to replicate to " + REPLICA);
    assertThat(arm.inventory().createdAndNotDeleted()).as(arm.inventory().format())
        .singleElement().satisfies(id -> assertThat(id).as("only the gallery made before the release").endsWith("/galleries/" + GALLERY));
    assertThat(arm.callCount("GalleryImageVersions_CreateOrUpdate")).as("something was made, then undone").isEqualTo(1);
    assertThat(uploadBlobs()).isEmpty();
  }

  private ReleaseStatus release(RegionFailurePolicy regionFailure) throws Exception {
    ImageReleaseConfig config = azureOnly(new ConfigLoader(Map.of()).defaults().withComposeSources(ComposeSources.localOnly()));
    ComposeRef compose = new ComposeRef(COMPOSE_ID, ComposeWithOneImage.writeAzure(dir.resolve("compose-" + run), COMPOSE_ID).toString());
    GateSettings open = new GateSettings(GatePolicy.NONE, Duration.ofHours(6), List.of());
    return temporal.release(config, WorkerExtras.publishingTo(events::add), compose, open, regionFailure);
  }

  /** The built-in defaults with the mirror off and Azure on at the local endpoints, its gallery made. */
  private ImageReleaseConfig azureOnly(ImageReleaseConfig defaults) throws Exception {
    MirrorConfig mirror = defaults.target(MirrorConfig.class);
    AzureConfig d = defaults.target(AzureConfig.class);
    GallerySettings gallery =
        new GallerySettings(GROUP, GALLERY, "", GROUP, d.gallery().definitionName(), "Fedora", "Cloud", d.gallery().sku(), d.gallery().features(),
            d.gallery().endOfLife(), d.gallery().rawhideEndOfLife(), 1, "Standard_LRS");
    LocalAzure local =
        new LocalAzure(arm.endpoint(), arm.writeCertificate(dir.resolve("arm-" + (++run) + ".pem")), arm.subscriptionId(), URI.create(storage.blobEndpoint()),
            LocalBlobStorage.DEV_ACCOUNT_KEY);
    AzureConfig azure =
        new AzureConfig(true, PRIMARY, List.of(REPLICA, OTHER_REPLICA), d.selection(), d.testcases(), "devstoreaccount1", "uploads-" + run,
                local.blobEndpoint(), d.upload(), gallery, Duration.ofMillis(50), Optional.empty())
            .atLocalEndpoints(local);
    arm.createGallery(GROUP, GALLERY, PRIMARY);
    return defaults.withTarget(new MirrorConfig(false, mirror.settings(), mirror.selection(), mirror.testcases())).withTarget(azure);
  }

  private List<String> uploadBlobs() {
    BlobContainerClient container =
        new BlobServiceClientBuilder().connectionString(storage.connectionString()).buildClient().getBlobContainerClient("uploads-" + run);
    return container.listBlobs().stream().map(BlobItem::getName).toList();
  }
}
