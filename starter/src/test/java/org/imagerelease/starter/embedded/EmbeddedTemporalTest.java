package org.imagerelease.starter.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalTest {

  @Test
  void inProcessServerAcceptsReleasesWithTheirSearchAttributes() {
    try (EmbeddedTemporal server = EmbeddedTemporal.inProcess()) {
      assertThat(server.address()).isEqualTo("in-process");
      assertStartsAWorkflowWithReleaseSearchAttributes(server);
    }
  }

  @Test
  void portBoundServerAcceptsReleasesWithTheirSearchAttributes() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0)) {
      assertThat(server.address()).startsWith("127.0.0.1:").doesNotEndWith(":0");
      assertStartsAWorkflowWithReleaseSearchAttributes(server);
    }
  }

  /** The server refuses a start with unregistered search attributes, so this proves they are registered. */
  private static void assertStartsAWorkflowWithReleaseSearchAttributes(EmbeddedTemporal server) {
    try (TemporalConnection connection = server.connect()) {
      WorkflowStub stub =
          connection
              .client()
              .newUntypedWorkflowStub(
                  "ImageRelease",
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("release-Fedora-42-20261124.n.0")
                      .setTaskQueue("nobody-polls-this")
                      .setTypedSearchAttributes(
                          SearchAttributes.newBuilder()
                              .set(ReleaseSearchAttributes.COMPOSE_ID, "Fedora-42-20261124.n.0")
                              .set(ReleaseSearchAttributes.RELEASE_STAGE, "RESOLVING")
                              .build())
                      .build());
      WorkflowExecution execution = stub.start();
      assertThat(execution.getRunId()).isNotEmpty();
      stub.terminate("test over");
    }
  }
}
