package org.imagerelease.devtools.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.TemporalSettings;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalTest {

  @Test
  void portBoundServerTakesReleasesWithTheirSearchAttributesOverItsAddress() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = TemporalConnection.to(new TemporalSettings(
            temporal.address(), EmbeddedTemporal.NAMESPACE, ImageReleaseWorkflow.TASK_QUEUE))) {
      assertThat(temporal.address()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");

      assertThat(startedReleaseStage(connection)).isEqualTo("RESOLVING");
    }
  }

  @Test
  void inProcessServerTakesReleasesWithTheirSearchAttributes() {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.inProcess();
        TemporalConnection connection = temporal.connect()) {
      assertThat(temporal.address()).isEqualTo("in-process");

      assertThat(startedReleaseStage(connection)).isEqualTo("RESOLVING");
    }
  }

  /** Starting a release sets the ReleaseStage search attribute, which a server must know. */
  private static String startedReleaseStage(TemporalConnection connection) {
    ReleaseClient releases = new ReleaseClient(connection.client(), ImageReleaseWorkflow.TASK_QUEUE);
    releases.start(new ReleaseRequest(new ComposeRef("Fedora-42-20261124.n.0", "/nonexistent"), null, null, "test"), false);
    return releases.list(Optional.empty()).releases().stream().map(ReleaseSummary::stage).findFirst().orElseThrow();
  }
}
