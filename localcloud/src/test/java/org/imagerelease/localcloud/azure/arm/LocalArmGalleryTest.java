package org.imagerelease.localcloud.azure.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.fluent.GalleryImageVersionsClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryInner;
import com.azure.resourcemanager.compute.models.AggregatedReplicationState;
import com.azure.resourcemanager.compute.models.Architecture;
import com.azure.resourcemanager.compute.models.GalleryDiskImageSource;
import com.azure.resourcemanager.compute.models.GalleryImageFeature;
import com.azure.resourcemanager.compute.models.GalleryImageIdentifier;
import com.azure.resourcemanager.compute.models.GalleryImageVersionPublishingProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionStorageProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionUpdate;
import com.azure.resourcemanager.compute.models.GalleryOSDiskImage;
import com.azure.resourcemanager.compute.models.HostCaching;
import com.azure.resourcemanager.compute.models.HyperVGeneration;
import com.azure.resourcemanager.compute.models.OperatingSystemStateTypes;
import com.azure.resourcemanager.compute.models.OperatingSystemTypes;
import com.azure.resourcemanager.compute.models.RegionalReplicationStatus;
import com.azure.resourcemanager.compute.models.ReplicationState;
import com.azure.resourcemanager.compute.models.ReplicationStatusTypes;
import com.azure.resourcemanager.compute.models.StorageAccountType;
import com.azure.resourcemanager.compute.models.TargetRegion;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local ARM endpoint driven by the real azure-resourcemanager-compute client (the inner
 * client, as the release uses it): the gallery path of a release from definition to deletion.
 * Operations take an hour on the endpoint's clock, and the test moves that clock, so every
 * intermediate state is seen without waiting and without timing assumptions.
 */
class LocalArmGalleryTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final String GROUP = "image-release";
  private static final String GALLERY = "fedora_cloud";
  private static final String DEFINITION = "Fedora-Cloud-41-x64";
  private static final String PRIMARY = "westeurope";
  private static final String BLOB = "https://fedoraimages.blob.core.windows.net/vhds/Fedora-Cloud-41.x86_64.vhd";

  private LocalArmClients clients;
  private LocalArm arm;
  private GalleryImageVersionsClient versions;

  @BeforeEach
  void start() {
    clients = LocalArmClients.start(LocalArmConfig.everyDelay(HOUR));
    arm = clients.arm();
    versions = clients.compute().getGalleryImageVersions();
    SyncPoller<PollResult<GalleryInner>, GalleryInner> gallery = clients.compute().getGalleries()
        .beginCreateOrUpdate(GROUP, GALLERY, new GalleryInner().withLocation(PRIMARY)
            .withDescription("Fedora Cloud images"));
    arm.advanceClock(HOUR);
    assertThat(gallery.getFinalResult().provisioningState().toString()).isEqualTo("Succeeded");
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void versionIsCreatedInOneRegionReplicatedPromotedAndDeletedLeavingNothing() {
    GalleryImageInner definition = createDefinition();
    assertThat(definition.hyperVGeneration()).isEqualTo(HyperVGeneration.V2);
    assertThat(definition.identifier().sku()).isEqualTo("41");

    OffsetDateTime endOfLife = OffsetDateTime.parse("2027-06-01T00:00:00Z");
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> creation =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0",
            versionFromBlob(endOfLife));
    assertThat(creation.poll().getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
    assertThat(get("41.20241027.0").provisioningState().toString()).isEqualTo("Creating");

    arm.advanceClock(HOUR);
    GalleryImageVersionInner created = creation.getFinalResult();
    assertThat(created.provisioningState().toString()).isEqualTo("Succeeded");
    assertThat(created.publishingProfile().excludeFromLatest()).isTrue();
    assertThat(created.publishingProfile().endOfLifeDate()).isEqualTo(endOfLife);
    assertThat(created.storageProfile().osDiskImage().source().uri()).isEqualTo(BLOB);
    assertThat(regions(get("41.20241027.0"))).containsExactly(Map.entry(PRIMARY, ReplicationState.COMPLETED));

    GalleryImageVersionInner current = get("41.20241027.0");
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> replication =
        versions.beginUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", new GalleryImageVersionUpdate()
            .withStorageProfile(current.storageProfile())
            .withPublishingProfile(new GalleryImageVersionPublishingProfile().withTargetRegions(List.of(
                region(PRIMARY, StorageAccountType.STANDARD_LRS),
                region("North Europe", StorageAccountType.STANDARD_ZRS),
                region("East US", StorageAccountType.STANDARD_ZRS)))));
    assertThat(replication.poll().getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
    GalleryImageVersionInner replicating = get("41.20241027.0");
    assertThat(replicating.provisioningState().toString()).isEqualTo("Updating");
    assertThat(replicating.replicationStatus().aggregatedState()).isEqualTo(AggregatedReplicationState.IN_PROGRESS);
    assertThat(regions(replicating)).containsExactly(Map.entry(PRIMARY, ReplicationState.COMPLETED),
        Map.entry("North Europe", ReplicationState.REPLICATING), Map.entry("East US", ReplicationState.REPLICATING));

    arm.advanceClock(HOUR);
    GalleryImageVersionInner replicated = replication.getFinalResult();
    assertThat(replicated.provisioningState().toString()).isEqualTo("Succeeded");
    assertThat(replicated.publishingProfile().targetRegions()).extracting(TargetRegion::storageAccountType)
        .containsExactly(StorageAccountType.STANDARD_LRS, StorageAccountType.STANDARD_ZRS, StorageAccountType.STANDARD_ZRS);
    GalleryImageVersionInner afterReplication = get("41.20241027.0");
    assertThat(afterReplication.replicationStatus().aggregatedState()).isEqualTo(AggregatedReplicationState.COMPLETED);
    assertThat(afterReplication.replicationStatus().summary()).extracting(RegionalReplicationStatus::progress)
        .containsOnly(100);
    assertThat(afterReplication.publishingProfile().excludeFromLatest())
        .as("an update that names only regions keeps the flag").isTrue();

    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> promotion =
        versions.beginUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", new GalleryImageVersionUpdate()
            .withStorageProfile(current.storageProfile())
            .withPublishingProfile(new GalleryImageVersionPublishingProfile().withExcludeFromLatest(false)));
    arm.advanceClock(HOUR);
    GalleryImageVersionInner promoted = promotion.getFinalResult();
    assertThat(promoted.publishingProfile().excludeFromLatest()).isFalse();
    assertThat(promoted.publishingProfile().targetRegions()).hasSize(3);
    assertThat(promoted.publishingProfile().endOfLifeDate()).isEqualTo(endOfLife);

    SyncPoller<PollResult<Void>, Void> versionDeletion =
        versions.beginDelete(GROUP, GALLERY, DEFINITION, "41.20241027.0");
    assertThat(get("41.20241027.0").provisioningState().toString()).isEqualTo("Deleting");
    assertThatThrownBy(() -> clients.compute().getGalleryImages().delete(GROUP, GALLERY, DEFINITION))
        .as("a definition with a version in it cannot go")
        .isInstanceOfSatisfying(ManagementException.class,
            error -> assertThat(error.getValue().getCode()).isEqualTo("CannotDeleteResource"));
    arm.advanceClock(HOUR);
    versionDeletion.getFinalResult();
    assertThatThrownBy(() -> get("41.20241027.0")).isInstanceOfSatisfying(ManagementException.class,
        error -> {
          assertThat(error.getResponse().getStatusCode()).isEqualTo(404);
          assertThat(error.getValue().getCode()).isEqualTo("ResourceNotFound");
        });

    SyncPoller<PollResult<Void>, Void> definitionDeletion =
        clients.compute().getGalleryImages().beginDelete(GROUP, GALLERY, DEFINITION);
    arm.advanceClock(HOUR);
    definitionDeletion.getFinalResult();
    SyncPoller<PollResult<Void>, Void> galleryDeletion =
        clients.compute().getGalleries().beginDelete(GROUP, GALLERY);
    arm.advanceClock(HOUR);
    galleryDeletion.getFinalResult();

    Inventory inventory = arm.inventory();
    assertThat(inventory.resources()).isEmpty();
    assertThat(inventory.createdAndNotDeleted()).isEmpty();
    assertThat(inventory.events(ResourceEvent.Change.CREATED)).extracting(ResourceEvent::kind)
        .containsExactly(ResourceKind.GALLERY, ResourceKind.IMAGE_DEFINITION, ResourceKind.IMAGE_VERSION);
    assertThat(inventory.events(ResourceEvent.Change.DELETED)).extracting(ResourceEvent::kind)
        .containsExactly(ResourceKind.IMAGE_VERSION, ResourceKind.IMAGE_DEFINITION, ResourceKind.GALLERY);
  }

  @Test
  void theClientSendsTheApiVersionServedAndEveryCallItMakesIsOneTheEndpointKnows() {
    createDefinition();
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> creation =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0",
            versionFromBlob(OffsetDateTime.parse("2027-06-01T00:00:00Z")));
    arm.advanceClock(HOUR);
    creation.getFinalResult();
    versions.listByGalleryImage(GROUP, GALLERY, DEFINITION).stream().count();

    List<ArmCall> calls = arm.calls();
    System.out.println("Calls the SDK made: " + calls.stream()
        .map(call -> call.method() + " " + call.operation() + " " + call.apiVersion() + " -> " + call.status())
        .collect(Collectors.joining("; ")));
    assertThat(calls).isNotEmpty().allSatisfy(call -> {
      assertThat(call.operation()).isNotEmpty();
      assertThat(call.apiVersion()).isEqualTo(LocalArmClients.API_VERSION);
      assertThat(call.status()).isLessThan(400);
    });
    assertThat(calls).extracting(ArmCall::operation).contains("Galleries_CreateOrUpdate",
        "GalleryImages_CreateOrUpdate", "GalleryImageVersions_CreateOrUpdate", "OperationStatus_Get",
        "GalleryImageVersions_Get", "GalleryImageVersions_ListByGalleryImage");
  }

  @Test
  void aVersionPlannedToFailEndsFailedAndCanBeDeletedAndRecreated() {
    createDefinition();
    arm.faults().failVersion("41.20241027.0");
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> creation =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0",
            versionFromBlob(OffsetDateTime.parse("2027-06-01T00:00:00Z")));
    arm.advanceClock(HOUR);
    assertThat(failureCode(creation)).isEqualTo("InternalOperationError");
    assertThat(get("41.20241027.0").provisioningState().toString()).isEqualTo("Failed");

    SyncPoller<PollResult<Void>, Void> deletion = versions.beginDelete(GROUP, GALLERY, DEFINITION, "41.20241027.0");
    arm.advanceClock(HOUR);
    deletion.getFinalResult();
    arm.faults().clear();
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> again =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0",
            versionFromBlob(OffsetDateTime.parse("2027-06-01T00:00:00Z")));
    arm.advanceClock(HOUR);
    assertThat(again.getFinalResult().provisioningState().toString()).isEqualTo("Succeeded");
  }

  @Test
  void theBlockingCallReportsAFailedOperationAsAManagementExceptionWithItsCode() {
    createDefinition();
    arm.reconfigure(config -> config.withDelays(ArmDelays.all(Duration.ZERO)));
    arm.faults().failVersion("41.20241027.0");
    assertThatThrownBy(() -> versions.createOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0",
        versionFromBlob(null))).isInstanceOfSatisfying(ManagementException.class,
            error -> assertThat(error.getValue().getCode()).isEqualTo("InternalOperationError"));
  }

  @Test
  void aRegionWhoseReplicationFailsIsReportedFailedWhileTheOthersComplete() {
    createDefinition();
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> creation =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0",
            versionFromBlob(OffsetDateTime.parse("2027-06-01T00:00:00Z")));
    arm.advanceClock(HOUR);
    GalleryImageVersionInner created = creation.getFinalResult();

    arm.faults().failReplication("East US");
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> replication =
        versions.beginUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", new GalleryImageVersionUpdate()
            .withStorageProfile(created.storageProfile())
            .withPublishingProfile(new GalleryImageVersionPublishingProfile().withTargetRegions(List.of(
                region(PRIMARY, StorageAccountType.STANDARD_LRS),
                region("North Europe", StorageAccountType.STANDARD_ZRS),
                region("East US", StorageAccountType.STANDARD_ZRS)))));
    arm.advanceClock(HOUR);
    assertThat(failureCode(replication)).isEqualTo("ReplicationFailed");

    GalleryImageVersionInner version = get("41.20241027.0");
    assertThat(version.provisioningState().toString()).isEqualTo("Failed");
    assertThat(version.replicationStatus().aggregatedState()).isEqualTo(AggregatedReplicationState.FAILED);
    assertThat(regions(version)).containsExactly(Map.entry(PRIMARY, ReplicationState.COMPLETED),
        Map.entry("North Europe", ReplicationState.COMPLETED), Map.entry("East US", ReplicationState.FAILED));
    assertThat(version.replicationStatus().summary().get(2).details()).contains("East US");
  }

  @Test
  void aRetriedPutOfTheSameVersionUpdatesItInPlaceAndADifferentSourceIsRefused() {
    createDefinition();
    OffsetDateTime endOfLife = OffsetDateTime.parse("2027-06-01T00:00:00Z");
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> first =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", versionFromBlob(endOfLife));
    arm.advanceClock(HOUR);
    first.getFinalResult();

    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> retried =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", versionFromBlob(endOfLife));
    assertThat(get("41.20241027.0").provisioningState().toString()).isEqualTo("Updating");
    arm.advanceClock(HOUR);
    assertThat(retried.getFinalResult().provisioningState().toString()).isEqualTo("Succeeded");
    assertThat(arm.inventory().events(ResourceEvent.Change.CREATED)).filteredOn(event -> event.kind() == ResourceKind.IMAGE_VERSION)
        .as("one version, created once").hasSize(1);

    GalleryImageVersionInner otherBlob = versionFromBlob(endOfLife);
    otherBlob.storageProfile().osDiskImage().source().withUri(BLOB.replace(".vhd", "-respin.vhd"));
    assertThatThrownBy(() -> versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", otherBlob))
        .isInstanceOfSatisfying(ManagementException.class, error -> {
          assertThat(error.getResponse().getStatusCode()).isEqualTo(409);
          assertThat(error.getValue().getCode()).isEqualTo("PropertyChangeNotAllowed");
        });
  }

  @Test
  void aVersionDeletedWhileCreatingEndsItsCreationAsFailed() {
    createDefinition();
    SyncPoller<PollResult<GalleryImageVersionInner>, GalleryImageVersionInner> creation =
        versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.20241027.0", versionFromBlob(null));
    SyncPoller<PollResult<Void>, Void> deletion = versions.beginDelete(GROUP, GALLERY, DEFINITION, "41.20241027.0");
    assertThat(failureCode(creation)).isEqualTo("OperationPreempted");
    arm.advanceClock(HOUR);
    deletion.getFinalResult();
    assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).isEmpty();
  }

  @Test
  void throttledCallsAreAnswered429WithRetryAfterAndTheClientRetries() {
    createDefinition();
    arm.forgetCalls();
    arm.faults().throttle("GalleryImages_Get", 2);
    GalleryImageInner definition = clients.compute().getGalleryImages().get(GROUP, GALLERY, DEFINITION);
    assertThat(definition.name()).isEqualTo(DEFINITION);
    assertThat(arm.errorCount("GalleryImages_Get", "TooManyRequests")).isEqualTo(2);
    assertThat(arm.callCount("GalleryImages_Get")).isEqualTo(3);
  }

  @Test
  void aVersionUnderAMissingDefinitionOrWithAnInvalidNameIsRefusedAsArmRefusesIt() {
    assertThatThrownBy(() -> versions.beginCreateOrUpdate(GROUP, GALLERY, "Missing-Definition",
        "1.0.0", versionFromBlob(null))).isInstanceOfSatisfying(ManagementException.class, error -> {
          assertThat(error.getResponse().getStatusCode()).isEqualTo(404);
          assertThat(error.getValue().getCode()).isEqualTo("ParentResourceNotFound");
        });
    createDefinition();
    assertThatThrownBy(() -> versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.0",
        versionFromBlob(null))).isInstanceOfSatisfying(ManagementException.class, error -> {
          assertThat(error.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(error.getValue().getCode()).isEqualTo("InvalidParameter");
          assertThat(error.getValue().getTarget()).isEqualTo("galleryImageVersionName");
        });
    GalleryImageVersionInner otherRegionOnly = versionFromBlob(null);
    otherRegionOnly.publishingProfile().withTargetRegions(List.of(region("East US", StorageAccountType.STANDARD_LRS)));
    assertThatThrownBy(() -> versions.beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, "41.0.1",
        otherRegionOnly)).isInstanceOfSatisfying(ManagementException.class,
            error -> assertThat(error.getValue().getTarget()).isEqualTo("publishingProfile.targetRegions"));
    assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).isEmpty();
  }

  /**
   * The error code of a long-running operation that failed, from the status resource the client
   * polled: the SDK's poller reports a failure as a FAILED poll whose result carries the body.
   */
  private static String failureCode(SyncPoller<? extends PollResult<?>, ?> poller) {
    PollResponse<? extends PollResult<?>> last = poller.waitForCompletion();
    assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
    try {
      return new ObjectMapper().readTree(last.getValue().getError().getResponseBody())
          .path("error").path("code").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("the failed poll's body is not JSON", e);
    }
  }

  private GalleryImageInner createDefinition() {
    SyncPoller<PollResult<GalleryImageInner>, GalleryImageInner> creation = clients.compute().getGalleryImages()
        .beginCreateOrUpdate(GROUP, GALLERY, DEFINITION, new GalleryImageInner().withLocation(PRIMARY)
            .withOsType(OperatingSystemTypes.LINUX).withOsState(OperatingSystemStateTypes.GENERALIZED)
            .withHyperVGeneration(HyperVGeneration.V2).withArchitecture(Architecture.X64)
            .withIdentifier(new GalleryImageIdentifier().withPublisher("Fedora").withOffer("Cloud").withSku("41"))
            .withFeatures(List.of(new GalleryImageFeature().withName("SecurityType")
                .withValue("TrustedLaunchSupported"))));
    arm.advanceClock(HOUR);
    return creation.getFinalResult();
  }

  private GalleryImageVersionInner versionFromBlob(OffsetDateTime endOfLife) {
    return new GalleryImageVersionInner().withLocation(PRIMARY)
        .withStorageProfile(new GalleryImageVersionStorageProfile().withOsDiskImage(new GalleryOSDiskImage()
            .withHostCaching(HostCaching.READ_ONLY)
            .withSource(new GalleryDiskImageSource().withUri(BLOB).withStorageAccountId("/subscriptions/"
                + arm.subscriptionId() + "/resourceGroups/" + GROUP
                + "/providers/Microsoft.Storage/storageAccounts/fedoraimages"))))
        .withPublishingProfile(new GalleryImageVersionPublishingProfile()
            .withTargetRegions(List.of(region(PRIMARY, StorageAccountType.STANDARD_LRS)))
            .withReplicaCount(1).withExcludeFromLatest(true).withEndOfLifeDate(endOfLife)
            .withStorageAccountType(StorageAccountType.STANDARD_LRS));
  }

  private static TargetRegion region(String name, StorageAccountType storage) {
    return new TargetRegion().withName(name).withRegionalReplicaCount(1).withStorageAccountType(storage);
  }

  private GalleryImageVersionInner get(String version) {
    return versions.getWithResponse(GROUP, GALLERY, DEFINITION, version,
        ReplicationStatusTypes.REPLICATION_STATUS, Context.NONE).getValue();
  }

  private static Map<String, ReplicationState> regions(GalleryImageVersionInner version) {
    return version.replicationStatus().summary().stream().collect(Collectors.toMap(
        RegionalReplicationStatus::region, RegionalReplicationStatus::state, (one, other) -> one,
        java.util.LinkedHashMap::new));
  }
}
