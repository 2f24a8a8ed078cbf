package org.imagerelease.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.activities.mirror.MirrorSettings;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker holds every release to {@code [consumer_config.composes] allowed_locations}, whoever
 * started it (the consumer, {@code image-release start}, another Temporal client): the compose,
 * every image and every redirect hop must be under an allowed prefix, and anything else ends the
 * release at once with a {@code SourceNotAllowed} failure that names the address and the setting.
 * The other host never receives a request.
 */
class AllowedComposeLocationsTest {
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";
  private static final String IMAGE_PATH = ComposeWithOneImage.IMAGE_PATH;

  @TempDir Path dir;
  private TestWorkflowEnvironment temporal;
  private ComposeHttpServer allowed;
  private ComposeHttpServer elsewhere;
  private Path mirror;
  private ReleaseWorker worker;

  @BeforeEach
  void start() throws Exception {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build());
    ReleaseSearchAttributes.ALL.forEach(key -> options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    temporal = TestWorkflowEnvironment.newInstance(options.build());
    allowed = ComposeHttpServer.start(ComposeWithOneImage.write(dir.resolve("allowed"), COMPOSE_ID));
    elsewhere = ComposeHttpServer.start(ComposeWithOneImage.write(dir.resolve("elsewhere"), COMPOSE_ID));
    mirror = Files.createDirectories(dir.resolve("mirror"));
    ImageReleaseConfig config =
        new ConfigLoader(Map.of())
            .defaults()
            .withComposeSources(new ComposeSources(List.of(allowed.baseUri().toString()), false))
            .withTarget(new MirrorConfig(true, new MirrorSettings(List.of(new MirrorRoot("local", mirror, ""))), SelectionRule.mirrorDefault()));
    worker = ReleaseWorker.start(temporal.getWorkflowClient(), config, WorkerExtras.none());
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.stopGracefully();
    }
    temporal.close();
    allowed.close();
    elsewhere.close();
  }

  @Test
  void aComposeUnderAnAllowedLocationIsReleasedRedirectsWithinItFollowed() throws Exception {
    Path copy = allowed.root().resolve("mirror").resolve(IMAGE_PATH);
    Files.createDirectories(copy.getParent());
    Files.copy(allowed.root().resolve(IMAGE_PATH), copy);
    allowed.redirect(IMAGE_PATH, "mirror/" + IMAGE_PATH);

    ReleaseStatus end = release(allowed.baseUri().toString());

    assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(mirror.resolve(COMPOSE_ID).resolve(IMAGE_PATH)).isRegularFile();
    assertThat(allowed.requests()).extracting(r -> r.path()).contains("/" + IMAGE_PATH, "/mirror/" + IMAGE_PATH);
  }

  @Test
  void anImageRedirectedToAnotherHostFailsTheReleaseWithoutAsking() throws Exception {
    String target = elsewhere.uriOf(IMAGE_PATH).toString();
    allowed.redirect(IMAGE_PATH, elsewhere.uriOf(IMAGE_PATH));

    ReleaseStatus end = release(allowed.baseUri().toString());

    assertThat(end.stage()).isIn(ReleaseStage.FAILED, ReleaseStage.COMPENSATED);
    assertThat(end.lastError())
        .contains(ReleaseFailureTypes.SOURCE_NOT_ALLOWED)
        .contains(allowed.uriOf(IMAGE_PATH) + " redirected elsewhere: the address '" + target + "' is not under an allowed compose location")
        .contains("[consumer_config.composes] allowed_locations");
    assertThat(elsewhere.requests()).as("requests the other host received").isEmpty();
    assertThat(mirror.resolve(COMPOSE_ID)).doesNotExist();
  }

  @Test
  void aComposeOnAnotherHostFailsAtOnceWhoeverStartedTheRelease() throws Exception {
    ReleaseStatus end = release(elsewhere.baseUri().toString());

    assertThat(end.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(end.lastError())
        .contains(ReleaseFailureTypes.SOURCE_NOT_ALLOWED)
        .contains("the address '" + elsewhere.baseUri() + "' is not under an allowed compose location")
        .contains("allowed_locations");
    assertThat(elsewhere.requests()).as("requests the other host received").isEmpty();
  }

  @Test
  void aComposeInALocalFolderFailsUnlessLocalPathsAreAllowed() throws Exception {
    ReleaseStatus end = release(dir.resolve("elsewhere").toString());

    assertThat(end.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(end.lastError()).contains(ReleaseFailureTypes.SOURCE_NOT_ALLOWED).contains("allow_local_paths");
    assertThat(mirror.resolve(COMPOSE_ID)).doesNotExist();
  }

  @Test
  void anImagePathInTheMetadataThatLeadsToAnotherHostIsNeverRead() throws Exception {
    for (String path : List.of(elsewhere.uriOf(IMAGE_PATH).toString(), "../../" + elsewhere.baseUri().getAuthority() + "/" + IMAGE_PATH)) {
      Path metadata = allowed.root().resolve("metadata/images.json");
      Files.writeString(metadata, Files.readString(metadata).replaceFirst("\"path\": \"[^\"]*\"", "\"path\": \"" + path + "\""));

      ReleaseStatus end = release(allowed.baseUri().toString());

      assertThat(end.stage()).as(path).isEqualTo(ReleaseStage.FAILED);
      assertThat(end.lastError()).as(path).contains(ReleaseFailureTypes.INVALID_COMPOSE_METADATA).contains("field 'path'");
      assertThat(elsewhere.requests()).as("requests the other host received").isEmpty();
      Files.writeString(metadata, Files.readString(dir.resolve("elsewhere/metadata/images.json")));
    }
  }

  private ReleaseStatus release(String location) throws Exception {
    WorkflowClient client = temporal.getWorkflowClient();
    ImageReleaseWorkflow release =
        client.newWorkflowStub(
            ImageReleaseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReleaseIds.workflowId(COMPOSE_ID))
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setTaskQueue(ImageReleaseWorkflow.TASK_QUEUE)
                .build());
    ImageReleaseConfig settings = new ConfigLoader(Map.of()).defaults();
    WorkflowClient.start(
        release::release, settings.releaseSettings().withGate(GateSettings.none()).requestFor(new ComposeRef(COMPOSE_ID, location), "allowed locations test"));
    return WorkflowStub.fromTyped(release).getResult(90, TimeUnit.SECONDS, ReleaseStatus.class);
  }
}
