package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.starter.consume.ResultsDbMessages.JSON;
import static org.imagerelease.starter.consume.ResultsDbMessages.TESTCASE;
import static org.imagerelease.starter.consume.ResultsDbMessages.message;
import static org.imagerelease.starter.consume.ResultsDbMessages.result;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import java.util.List;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.Test;

/** Which messages become a signal, which are dropped, rejected or kept, before any release. */
class ResultsDbMessageTriageTest {
  private static final String COMPOSE_ID = "Fedora-41-20241027.0";
  private static final String QCOW2 = "Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2";

  private final ReleaseClient releases = mock(ReleaseClient.class);
  private final ResultsDbMessageHandler handler = new ResultsDbMessageHandler(releases, List.of(TESTCASE));

  @Test
  void handlesResultsDbAndLegacyTopicsOfEveryEnvironment() {
    assertThat(handler.handles("org.fedoraproject.prod.resultsdb.result.new")).isTrue();
    assertThat(handler.handles("org.fedoraproject.stg.resultsdb.result.new")).isTrue();
    assertThat(handler.handles("org.fedoraproject.prod.taskotron.result.new")).isTrue();
    assertThat(handler.handles("org.fedoraproject.prod.pungi.compose.status.change")).isFalse();
    assertThat(handler.handles("org.fedoraproject.prod.notresultsdb.result.new")).isFalse();
  }

  @Test
  void signalsTheReleaseOfTheResultsCompose() {
    assertThat(handler.handle(message(result(TESTCASE, QCOW2, COMPOSE_ID, "passed")))).isEqualTo(HandlingOutcome.ACK);

    verify(releases).reportTestResult(COMPOSE_ID, new TestResult(TESTCASE, QCOW2, "PASSED", "https://openqa.example.test/tests/2934417"));
  }

  @Test
  void aResultOfATestcaseNoGateNeedsIsNotSignalled() {
    assertThat(handler.handle(message(result("compose.base_selinux", QCOW2, COMPOSE_ID, "FAILED")))).isEqualTo(HandlingOutcome.ACK);

    verifyNoInteractions(releases);
  }

  @Test
  void malformedResultsAreRejectedUnsignalled() {
    ObjectNode itemNotAList = result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED");
    ((ObjectNode) itemNotAList.get("data")).put("item", QCOW2);
    ObjectNode noTestcase = result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED");
    noTestcase.remove("testcase");
    ObjectNode noItem = result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED");
    ((ObjectNode) noItem.get("data")).remove("item");
    ObjectNode noOutcome = result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED");
    noOutcome.remove("outcome");

    assertThat(handler.handle(message(itemNotAList))).isEqualTo(HandlingOutcome.REJECT);
    assertThat(handler.handle(message(noTestcase))).isEqualTo(HandlingOutcome.REJECT);
    assertThat(handler.handle(message(noItem))).isEqualTo(HandlingOutcome.REJECT);
    assertThat(handler.handle(message(noOutcome))).isEqualTo(HandlingOutcome.REJECT);
    assertThat(handler.handle(message(JSON.getNodeFactory().arrayNode()))).isEqualTo(HandlingOutcome.REJECT);
    assertThat(handler.handle(message(ResultsDbMessages.LEGACY_TOPIC, result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED"))))
        .as("a v2.0 body on the legacy topic")
        .isEqualTo(HandlingOutcome.REJECT);
    verifyNoInteractions(releases);
  }

  @Test
  void aResultNamingNoComposeIsAcknowledgedUnsignalled() {
    ObjectNode noCompose = result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED");
    ((ObjectNode) noCompose.get("data")).remove("productmd.compose.id");

    assertThat(handler.handle(message(noCompose))).isEqualTo(HandlingOutcome.ACK);
    verifyNoInteractions(releases);
  }

  @Test
  void temporalUnreachableKeepsTheMessageForLater() {
    doThrow(
            new WorkflowServiceException(
                WorkflowExecution.newBuilder().setWorkflowId("release-" + COMPOSE_ID).build(),
                "ImageRelease",
                new StatusRuntimeException(Status.UNAVAILABLE.withDescription("connection refused"))))
        .when(releases)
        .reportTestResult(anyString(), any(TestResult.class));

    assertThat(handler.handle(message(result(TESTCASE, QCOW2, COMPOSE_ID, "PASSED")))).isEqualTo(HandlingOutcome.RETRY_LATER);
  }
}
