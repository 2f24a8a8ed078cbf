package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryInner;
import com.azure.resourcemanager.compute.models.GalleryDiskImageSource;
import com.azure.resourcemanager.compute.models.GalleryImageVersionPublishingProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionStorageProfile;
import com.azure.resourcemanager.compute.models.GalleryOSDiskImage;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.azure.storage.blob.BlobContainerClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.events.PublishedImageAttributes;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TestImages;
import org.imagerelease.activities.transfer.TestSettings;
import org.imagerelease.localcloud.azure.arm.ArmCall;
import org.imagerelease.localcloud.azure.arm.LocalArm;
import org.imagerelease.localcloud.azure.arm.LocalArmConfig;
import org.imagerelease.localcloud.azure.arm.ResourceKind;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.retention.RetentionItem;
import org.imagerelease.workflows.retention.RetentionPlanView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure target through the real Compute and Blob clients, against the local ARM endpoint and
 * Azurite (or the embedded Blob service when Node has no Azurite; the log says which): a version
 * created in one region, replicated, promoted and withdrawn leaving nothing; retries that adopt;
 * a version Azure failed made again; a failing region reported; another compose's version never
 * touched; a missing gallery refused before anything is uploaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureTargetTest {
  private static final String COMPOSE = "Fedora-41-20241027.0";
  private static final String FILE = "Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed.xz";
  private static final String VERSION = "41.20241027.0";
  private static final String DEFINITION = "Fedora-Cloud-41-x64";
  private static final String GROUP = "fedora-cloud";
  private static final String GALLERY = "Fedora";

  private LocalBlobStorage storage;
  private byte[] image;
  private byte[] compressed;
  private LocalArm arm;
  private AzureConfig config;
  private AzureClients clients;
  private AzureTarget target;
  private int run;

  @TempDir Path dir;
  private final StreamingImageTransfer transfer =
      new StreamingImageTransfer(new TestSettings().checkpointInterval(Duration.ofMillis(50)).build(), ComposeSources.anywhere());

  @BeforeAll
  void startStorage() {
    // The local endpoint sends no Retry-After here: the client then polls every 20 ms.
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(interval -> Duration.ofMillis(20));
    storage = LocalBlobStorage.azuriteOrEmbedded();
    System.out.println(getClass().getSimpleName() + " runs against " + storage.description() + " and the local ARM endpoint");
    image = TestVhd.image(3);
    compressed = TestImages.xzWithBlocksOf(image, 4 * TestVhd.MIB);
  }

  @BeforeEach
  void start() throws Exception {
    arm = LocalArm.start(LocalArmConfig.everyDelay(Duration.ofMillis(40)));
    Path pem = arm.writeCertificate(dir.resolve("arm.pem"));
    LocalAzure local = new LocalAzure(arm.endpoint(), pem, arm.subscriptionId(), URI.create(storage.blobEndpoint()), LocalBlobStorage.DEV_ACCOUNT_KEY);
    config = configured(local, "uploads-" + (++run));
    clients = AzureClients.create(config, Map.of());
    clients.compute().getGalleries().beginCreateOrUpdate(GROUP, GALLERY, new GalleryInner().withLocation("westeurope")).getFinalResult();
    arm.forgetCalls();
    target = new AzureTarget(config, clients, transfer);
    Files.write(dir.resolve(FILE), compressed);
  }

  @AfterEach
  void stop() {
    arm.close();
  }

  @AfterAll
  void stopStorage() {
    storage.close();
  }

  @Test
  void createsTheVersionInOneRegionReplicatesAfterwardsPromotesAndCleansTheBlobUp() throws Exception {
    ImageAtLocation primary = ref("westeurope");

    LocationImage uploaded = untilReady(target.upload(primary, source(), Heartbeat.none()));

    GalleryImageVersionInner created = version();
    assertThat(created.publishingProfile().excludeFromLatest()).as("excluded from latest until promoted").isTrue();
    assertThat(created.publishingProfile().targetRegions()).extracting(r -> r.name()).containsExactly("westeurope");
    assertThat(created.publishingProfile().endOfLifeDate()).isNotNull();
    assertThat(created.storageProfile().osDiskImage().source().uri()).endsWith(COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed");
    assertThat(created.tags()).containsEntry(GalleryNames.COMPOSE_ID, COMPOSE);
    assertThat(uploaded.attributes())
        .containsEntry(PublishedImageAttributes.IMAGE_DEFINITION, DEFINITION)
        .containsEntry(PublishedImageAttributes.IMAGE_VERSION, VERSION);
    assertThat(blob().exists()).isTrue();
    assertThat(arm.inventory().of(ResourceKind.IMAGE_DEFINITION)).singleElement()
        .satisfies(definition -> assertThat(definition.id()).endsWith("/images/" + DEFINITION));

    LocationImage eastus = target.replicate(uploaded, ref("eastus"), Heartbeat.none());
    LocationImage northEurope = target.replicate(uploaded, ref("North Europe"), Heartbeat.none());
    assertThat(untilReady(eastus).resourceId()).isEqualTo(uploaded.resourceId());
    untilReady(northEurope);
    assertThat(arm.callCount("GalleryImageVersions_Update")).as("one update adds every region").isEqualTo(1);

    target.publish(uploaded);
    target.publish(untilReady(northEurope));
    assertThat(version().publishingProfile().excludeFromLatest()).isFalse();
    assertThat(version().publishingProfile().targetRegions()).hasSize(3);

    target.cleanUp(new CleanupRequest("release-" + COMPOSE, COMPOSE, AzureTarget.NAME, List.of()));
    assertThat(blob().exists()).as("a version holds its own copy: the blob goes once the release ended").isFalse();
    assertThat(version().provisioningState().toString()).isEqualTo("Succeeded");
  }

  @Test
  void aRetryAdoptsTheVersionAndTheUndoLeavesNothing() throws Exception {
    ImageAtLocation primary = ref("westeurope");
    LocationImage first = target.upload(primary, source(), Heartbeat.none());
    LocationImage again = untilReady(target.upload(primary, source(), Heartbeat.none()));

    assertThat(arm.callCount("GalleryImageVersions_CreateOrUpdate")).isEqualTo(1);
    assertThat(again.ref()).isEqualTo(first.ref());
    untilReady(target.replicate(again, ref("eastus"), Heartbeat.none()));
    target.publish(again);

    target.unpublish(primary);
    assertThat(version().publishingProfile().excludeFromLatest()).isTrue();
    target.withdraw(ref("eastus"));
    assertThat(version().publishingProfile().targetRegions()).extracting(r -> r.name()).containsExactly("westeurope", "North Europe");
    target.withdraw(primary);
    target.withdraw(primary);

    assertThat(arm.inventory().createdAndNotDeleted()).as("only the gallery the test made").singleElement()
        .satisfies(id -> assertThat(id).endsWith("/galleries/" + GALLERY));
    assertThat(blob().exists()).isFalse();
    assertRoleAllows(arm.calls());
  }

  @Test
  void aVersionAzureFailedIsMadeAgainFromItsBlobAndGivenUpOnAfterTwoMore() throws Exception {
    ImageAtLocation primary = ref("westeurope");
    arm.faults().failVersion(VERSION);
    LocationImage pending = target.upload(primary, source(), Heartbeat.none());
    awaitState("Failed");

    Map<String, String> twiceAlready = new java.util.HashMap<>(pending.attributes());
    twiceAlready.put(AzureTarget.RECREATED, "2");
    LocationImage madeTwiceAlready = new LocationImage(primary, "", "", twiceAlready).stillPending("being created", Duration.ofMillis(50));
    assertThatThrownBy(() -> target.check(madeTwiceAlready))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CLOUD_OPERATION_FAILED))
        .hasMessageContaining("failed in westeurope 3 times");

    arm.faults().clear();
    LocationImage ready = untilReady(target.check(pending));

    assertThat(ready.attributes()).containsEntry(AzureTarget.RECREATED, "1");
    assertThat(arm.callCount("GalleryImageVersions_CreateOrUpdate")).isEqualTo(2);
    assertThat(version().provisioningState().toString()).isEqualTo("Succeeded");
  }

  @Test
  void aStepKilledBetweenDeletingAVersionAndMakingItAgainIsCarriedOnByTheNextLook() throws Exception {
    LocationImage pending = target.upload(ref("westeurope"), source(), Heartbeat.none());
    untilReady(pending);
    clients.compute().getGalleryImageVersions().delete(GROUP, GALLERY, DEFINITION, VERSION);

    LocationImage ready = untilReady(target.check(pending));

    assertThat(ready.resourceId()).endsWith("/versions/" + VERSION);
    assertThat(version().provisioningState().toString()).isEqualTo("Succeeded");

    clients.compute().getGalleryImageVersions().delete(GROUP, GALLERY, DEFINITION, VERSION);
    blob().delete();
    assertThatThrownBy(() -> target.check(pending))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CLOUD_OPERATION_FAILED))
        .hasMessageContaining("the upload blob it is made from is gone");
  }

  @Test
  void aRegionWhoseReplicationFailsIsReportedAndItsWithdrawalDropsIt() throws Exception {
    LocationImage uploaded = untilReady(target.upload(ref("westeurope"), source(), Heartbeat.none()));
    arm.faults().failReplication("eastus");

    LocationImage eastus = target.replicate(uploaded, ref("eastus"), Heartbeat.none());
    assertThatThrownBy(() -> untilReady(eastus))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CLOUD_OPERATION_FAILED))
        .hasMessageContaining("failed to replicate to eastus");

    arm.faults().clear();
    target.withdraw(ref("eastus"));
    assertThat(version().publishingProfile().targetRegions()).extracting(r -> r.name()).doesNotContain("eastus");
  }

  @Test
  void anotherComposesVersionOfTheSameNameIsNeitherAdoptedNorDeleted() throws Exception {
    ImageAtLocation genuine = ref("westeurope");
    untilReady(target.upload(genuine, source(), Heartbeat.none()));
    ImageAtLocation other = new ImageAtLocation("release-other", "Fedora-41-20241027.n.0", AzureTarget.NAME, "westeurope", genuine.image());

    assertThatThrownBy(() -> target.upload(other, source(), Heartbeat.none()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("exists already for compose " + COMPOSE);
    target.withdraw(other);

    assertThat(version().provisioningState().toString()).isEqualTo("Succeeded");
  }

  @Test
  void aMissingGalleryIsRefusedBeforeAnyBlobExists() throws Exception {
    AzureConfig elsewhere =
        new AzureConfig(true, "westeurope", List.of(), SelectionRule.azureDefault(), Optional.empty(), "devstoreaccount1", config.container(),
            config.blobEndpoint(), config.upload(), withGallery(config.gallery(), "Missing"), config.pollInterval(), config.local());
    AzureTarget misconfigured = new AzureTarget(elsewhere, clients, transfer);

    assertThatThrownBy(() -> misconfigured.upload(ref("westeurope"), source(), Heartbeat.none()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("Compute Gallery Missing does not exist in resource group " + GROUP);
    assertThat(blob().exists()).isFalse();
  }

  @Test
  void retentionPlansOnASeededGalleryThenRemovesWhatItPlanned() throws Exception {
    for (int day = 1; day <= 9; day++) {
      seedVersion(DEFINITION, "41.202410" + (10 + day) + ".0", true, OffsetDateTime.now().plusDays(300));
    }
    seedVersion(DEFINITION, "41.20241001.0", false, OffsetDateTime.now().plusDays(300));
    seedVersion(DEFINITION, "41.20240901.0", false, OffsetDateTime.now().minusDays(1));

    RetentionPlanView plan = target.planRetention(Instant.now());

    assertThat(plan.items()).extracting(RetentionItem::name).containsExactlyInAnyOrder("41.20240901.0", "41.20241011.0", "41.20241012.0");
    assertThat(plan.text()).contains("Azure gallery " + GALLERY).contains("41.20241011.0");
    for (RetentionItem item : plan.items()) {
      target.removeRetained(item);
      target.removeRetained(item);
    }
    assertThat(target.planRetention(Instant.now()).items()).isEmpty();
    assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).hasSize(8);
    assertRoleAllows(arm.calls());
  }

  /** Every ARM call the target made is allowed by the custom role shipped in deploy/azure. */
  private static void assertRoleAllows(List<ArmCall> calls) throws Exception {
    var role = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("../deploy/azure/role-definition.json").toFile());
    List<String> actions = new java.util.ArrayList<>();
    role.get("Actions").forEach(action -> actions.add(action.asText()));
    Map<String, String> resources = Map.of(
        "Galleries", "Microsoft.Compute/galleries", "GalleryImages", "Microsoft.Compute/galleries/images",
        "GalleryImageVersions", "Microsoft.Compute/galleries/images/versions", "OperationStatus", "Microsoft.Compute/locations/capsOperations");
    assertThat(calls).isNotEmpty().allSatisfy(call -> {
      String[] operation = call.operation().split("_");
      String verb = switch (operation[1]) {
        case "CreateOrUpdate", "Update" -> "write";
        case "Delete" -> "delete";
        default -> "read";
      };
      assertThat(actions).as("the role allows %s", call.operation()).contains(resources.get(operation[0]) + "/" + verb);
    });
    assertThat(role.get("DataActions").toString()).contains("blobs/write").contains("blobs/delete");
  }

  private void seedVersion(String definition, String name, boolean excluded, OffsetDateTime endOfLife) {
    ImageAtLocation ref = ref("westeurope");
    new Gallery(clients.compute(), config, clients.subscriptionId(), java.time.Clock.systemUTC()).ensureDefinition(ref);
    clients.compute().getGalleryImageVersions().beginCreateOrUpdate(GROUP, GALLERY, definition, name, new GalleryImageVersionInner()
        .withLocation("westeurope")
        .withStorageProfile(new GalleryImageVersionStorageProfile().withOsDiskImage(new GalleryOSDiskImage()
            .withSource(new GalleryDiskImageSource().withUri("https://devstoreaccount1.blob.core.windows.net/seed/" + name + ".vhd")
                .withStorageAccountId("/subscriptions/" + arm.subscriptionId() + "/resourceGroups/" + GROUP + "/providers/Microsoft.Storage/storageAccounts/devstoreaccount1"))))
        .withPublishingProfile(new GalleryImageVersionPublishingProfile().withExcludeFromLatest(excluded).withEndOfLifeDate(endOfLife)))
        .getFinalResult();
  }

  private LocationImage untilReady(LocationImage image) throws Exception {
    LocationImage current = image;
    for (int i = 0; current.waitsForTarget(); i++) {
      if (i > 300) {
        throw new AssertionError("still pending after 300 looks: " + current.pending().what());
      }
      Thread.sleep(50);
      current = target.check(current);
    }
    return current;
  }

  private void awaitState(String state) throws InterruptedException {
    for (int i = 0; i < 200 && !version().provisioningState().toString().equals(state); i++) {
      Thread.sleep(50);
    }
    assertThat(version().provisioningState().toString()).isEqualTo(state);
  }

  private GalleryImageVersionInner version() {
    return clients.compute().getGalleryImageVersions().get(GROUP, GALLERY, DEFINITION, VERSION);
  }

  private com.azure.storage.blob.BlobClient blob() {
    BlobContainerClient container = clients.container();
    return container.getBlobClient(COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed");
  }

  private URI source() {
    return dir.resolve(FILE).toUri();
  }

  private ImageAtLocation ref(String region) {
    ImageArtifact artifact =
        new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "vhd-compressed", "vhdfixed.xz", "Cloud/x86_64/images/" + FILE, compressed.length, TestImages.sha256(compressed));
    return new ImageAtLocation("release-" + COMPOSE, COMPOSE, AzureTarget.NAME, region, artifact);
  }

  private static AzureConfig configured(LocalAzure local, String container) {
    GallerySettings gallery =
        new GallerySettings(GROUP, GALLERY, "", GROUP, "Fedora-Cloud-{release}-{arch}", "Fedora", "Cloud", "{release}-{arch}",
            Map.of("SecurityType", "TrustedLaunchSupported"), Duration.ofDays(365), Duration.ofDays(90), 1, "Standard_LRS");
    return new AzureConfig(true, "westeurope", List.of("eastus", "North Europe"), SelectionRule.azureDefault(), Optional.empty(), "devstoreaccount1",
            container, local.blobEndpoint(), PageUploadSettings.defaults(), gallery, Duration.ofMillis(50), Optional.empty())
        .atLocalEndpoints(local);
  }

  private static GallerySettings withGallery(GallerySettings s, String gallery) {
    return new GallerySettings(s.resourceGroup(), gallery, s.communityGallery(), s.storageResourceGroup(), s.definitionName(), s.publisher(), s.offer(), s.sku(),
        s.features(), s.endOfLife(), s.rawhideEndOfLife(), s.replicaCount(), s.storageAccountType());
  }
}
