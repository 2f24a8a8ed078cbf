package org.imagerelease.activities.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.TargetActivities;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.UploadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetActivitiesImplTest {
  private static final ImageArtifact IMAGE =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz",
          "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-42-1.1.x86_64.raw.xz", 10, "c".repeat(64));
  private static final ComposeRef COMPOSE =
      new ComposeRef("Fedora-42-20261124.n.0", "https://kojipkgs.example.test/compose/42/Fedora-42-20261124.n.0/compose");

  private final TestActivityEnvironment env =
      TestActivityEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build());
  private final List<URI> sources = new ArrayList<>();
  private RuntimeException failure;

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void uploadGoesToTheNamedTargetWithTheImageAddressInsideTheCompose() {
    TargetActivities activities = activitiesWith(recordingTarget("mirror"));

    LocationImage made = activities.uploadImage(new UploadRequest(COMPOSE, at("mirror")));

    assertThat(made.resourceId()).isEqualTo("made-by-mirror");
    assertThat(sources)
        .containsExactly(URI.create(COMPOSE.location() + "/" + IMAGE.path()));
  }

  @Test
  void anImageOfAComposeOutsideTheAllowedLocationsNeverReachesTheTarget() {
    env.registerActivitiesImplementations(new TargetActivitiesImpl(List.of(recordingTarget("mirror")), ComposeSources.fedora()));
    TargetActivities activities = env.newActivityStub(TargetActivities.class);

    assertThatThrownBy(() -> activities.uploadImage(new UploadRequest(COMPOSE, at("mirror"))))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .startsWith("Image " + IMAGE.fileName() + " of compose " + COMPOSE.composeId() + ": the address '" + COMPOSE.location() + "/")
                  .contains("allowed_locations");
            });
    assertThat(sources).isEmpty();
  }

  @Test
  void anUnknownTargetIsANonRetryableConfigurationError() {
    TargetActivities activities = activitiesWith(recordingTarget("mirror"));

    assertThatThrownBy(() -> activities.uploadImage(new UploadRequest(COMPOSE, at("aws"))))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("no release target 'aws'").contains("[mirror]");
            });
  }

  @Test
  void aReleaseExceptionKeepsItsTypeAndIsNotRetried() {
    failure = new ReleaseException(ReleaseFailureTypes.CHECKSUM_MISMATCH, "image x: expected a, got b");
    TargetActivities activities = activitiesWith(recordingTarget("mirror"));

    assertThatThrownBy(() -> activities.uploadImage(new UploadRequest(COMPOSE, at("mirror"))))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ReleaseFailureTypes.CHECKSUM_MISMATCH);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  @Test
  void aTransientErrorStaysRetryable() {
    failure = new IllegalStateException("connection reset");
    TargetActivities activities = activitiesWith(recordingTarget("mirror"));

    assertThatThrownBy(() -> activities.withdrawImage(at("mirror")))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
  }

  private TargetActivities activitiesWith(ReleaseTarget target) {
    env.registerActivitiesImplementations(new TargetActivitiesImpl(List.of(target), ComposeSources.anywhere()));
    return env.newActivityStub(TargetActivities.class);
  }

  private static ImageAtLocation at(String target) {
    return new ImageAtLocation("release-" + COMPOSE.composeId(), COMPOSE.composeId(), target, "primary", IMAGE);
  }

  private ReleaseTarget recordingTarget(String name) {
    return new ReleaseTarget() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public LocationImage upload(ImageAtLocation destination, URI source, Heartbeat heartbeat) {
        failIfAsked();
        sources.add(source);
        return new LocationImage(destination, "made-by-" + name, "", Map.of());
      }

      @Override
      public LocationImage replicate(LocationImage source, ImageAtLocation destination, Heartbeat heartbeat) {
        return source;
      }

      @Override
      public LocationImage publish(LocationImage image) {
        return image;
      }

      @Override
      public void unpublish(ImageAtLocation image) {}

      @Override
      public void withdraw(ImageAtLocation image) {
        failIfAsked();
      }

      @Override
      public void cleanUp(CleanupRequest request) {}

      private void failIfAsked() {
        if (failure != null) {
          throw failure;
        }
      }
    };
  }
}
