package org.imagerelease.starter.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowStub;
import java.util.Optional;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One release per compose, whoever starts it and however often (no worker runs: releases just wait). */
class ReleaseClientTest {
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";

  private final EmbeddedTemporal temporal = EmbeddedTemporal.inProcess();
  private final TemporalConnection connection = temporal.connect();
  private final ReleaseClient releases = new ReleaseClient(connection.client(), ImageReleaseWorkflow.TASK_QUEUE);

  @AfterEach
  void stop() {
    connection.close();
    temporal.close();
  }

  @Test
  void aSecondStartOfARunningReleaseReturnsTheExistingOne() {
    StartedRelease first = releases.start(request(), false);
    StartedRelease second = releases.start(request(), false);

    assertThat(first.alreadyExisted()).isFalse();
    assertThat(first.workflowId()).isEqualTo(ReleaseIds.workflowId(COMPOSE_ID));
    assertThat(second.alreadyExisted()).isTrue();
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(releases.list(Optional.empty()).releases()).hasSize(1);
  }

  @Test
  void anEndedReleaseIsNotStartedAgainUnlessAskedTo() {
    StartedRelease first = releases.start(request(), false);
    WorkflowStub.fromTyped(connection.client().newWorkflowStub(ImageReleaseWorkflow.class, first.workflowId()))
        .terminate("test: the release ended");

    StartedRelease repeated = releases.start(request(), false);
    StartedRelease again = releases.start(request(), true);

    assertThat(repeated.alreadyExisted()).isTrue();
    assertThat(repeated.runId()).isEqualTo(first.runId());
    assertThat(again.alreadyExisted()).isFalse();
    assertThat(again.runId()).isNotEqualTo(first.runId());
  }

  @Test
  void aStartedReleaseCarriesItsComposeAndStageForSearch() {
    releases.start(request(), false);

    assertThat(releases.list(Optional.of(ReleaseStage.RESOLVING)).releases())
        .singleElement()
        .satisfies(release -> assertThat(release.composeId()).isEqualTo(COMPOSE_ID));
  }

  /** The embedded server answers no visibility query (what `temporal workflow list --query` needs): list says so and lists anyway. */
  @Test
  void onTheEmbeddedServerListFallsBackAndSaysWhy() {
    releases.start(request(), false);

    var listing = releases.list(Optional.of(ReleaseStage.RESOLVING));

    assertThat(listing.fellBack()).isTrue();
    assertThat(listing.method()).contains("this server has no visibility queries").contains("listed open and closed executions");
    assertThat(listing.releases()).hasSize(1);
  }

  /** What the consumer's census counts: running releases only, listed even where the server has no visibility queries. */
  @Test
  void listRunningLeavesEndedReleasesOut() {
    StartedRelease ended = releases.start(request(), false);
    WorkflowStub.fromTyped(connection.client().newWorkflowStub(ImageReleaseWorkflow.class, ended.workflowId()))
        .terminate("test: the release ended");
    releases.start(request("Fedora-43-20261124.n.0"), false);

    var listing = releases.listRunning();

    assertThat(listing.method()).contains("listed open executions").doesNotContain("closed");
    assertThat(listing.releases()).extracting(ReleaseSummary::composeId).containsExactly("Fedora-43-20261124.n.0");
    assertThat(listing.releases()).extracting(ReleaseSummary::stage).containsExactly("RESOLVING");
  }

  private static ReleaseRequest request() {
    return request(COMPOSE_ID);
  }

  private static ReleaseRequest request(String composeId) {
    return new ReleaseRequest(new ComposeRef(composeId, "https://kojipkgs.example.org/compose/42/" + composeId + "/compose"), null, null, "test");
  }
}
