package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TransferProgress;
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

  @Test
  void aResumedTransferSaysHowOftenAndWhatItReadAgain() {
    LocationStatus location = new LocationStatus("primary", LocationState.UPLOADING, "", "", "");
    ReleaseStatus uploading = new ReleaseStatus("Fedora-41-20261207.0", ReleaseStage.UPLOADING,
        List.of(new ImageStatus("mirror", "disk.raw.xz", "x86_64", List.of(location), Map.of())), null, null, List.of(), "", List.of(), NOW);
    TransferProgress fresh = new TransferProgress("mirror", "primary", "disk.raw.xz", 1 << 20, 4 << 20, 2, 1);
    TransferProgress resumed = new TransferProgress("mirror", "primary", "disk.raw.xz", 1 << 20, 4 << 20, 2, 1, 2, 3 << 19);

    assertThat(StatusView.render(uploading, new RunningSteps(List.of(fresh), List.of()), NOW)).contains("2 blocks sent, 1 zero\n").doesNotContain("resumed");
    assertThat(StatusView.render(uploading, new RunningSteps(List.of(resumed), List.of()), NOW))
        .contains("2 blocks sent, 1 zero, resumed 2x, 1.5 MiB read again");
  }

  private static ReleaseStatus status(ReleaseStage stage, Instant stageSince) {
    return new ReleaseStatus("Fedora-41-20261207.0", stage, List.of(), null, null, List.of(), "", List.of(), stageSince);
  }
}
