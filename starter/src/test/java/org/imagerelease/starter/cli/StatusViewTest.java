package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.Test;

class StatusViewTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void aRunningReleaseSaysSinceWhenItIsAtItsStage() {
    String shown = StatusView.render(status(ReleaseStage.REPLICATING, NOW.minusSeconds(5_400)), RunningSteps.none(), NOW);

    assertThat(shown.lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith("Release of Fedora-41-20261207.0: REPLICATING (since ").endsWith(")").contains("1h"));
  }

  @Test
  void anEndedReleaseOrOneFromAnOlderWorkerShowsTheStageAlone() {
    assertThat(StatusView.render(status(ReleaseStage.RELEASED, NOW.minusSeconds(60)), RunningSteps.none(), NOW))
        .startsWith("Release of Fedora-41-20261207.0: RELEASED\n");
    assertThat(StatusView.render(status(ReleaseStage.UPLOADING, null), RunningSteps.none(), NOW))
        .startsWith("Release of Fedora-41-20261207.0: UPLOADING\n");
  }

  private static ReleaseStatus status(ReleaseStage stage, Instant stageSince) {
    return new ReleaseStatus("Fedora-41-20261207.0", stage, List.of(), null, null, List.of(), "", List.of(), stageSince);
  }
}
