package org.imagerelease.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.workflows.model.PayloadCompatibility.read;
import static org.imagerelease.workflows.model.PayloadCompatibility.recorded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.activities.events.EventProgress;
import org.imagerelease.activities.testgate.PollProgress;
import org.imagerelease.activities.transfer.ResumeState;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.workflows.model.PayloadCase;
import org.imagerelease.workflows.model.PayloadCompatibility;
import org.imagerelease.workflows.model.PayloadSamples;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The heartbeat details a retried attempt reads back may come from a worker of the previous
 * version, and the next version reads ours: held against the details
 * {@value PayloadCompatibility#PREVIOUS_VERSION} wrote (src/test/resources/payloads/), as
 * workflows' PayloadCompatibilityTest holds the workflow's and activities' arguments and results.
 */
class HeartbeatCompatibilityTest {
  /** As the previous version wrote it: no sink state. */
  private static final ResumeState RESUME =
      new ResumeState(
          4194304,
          "0-999,1002,1010-1023",
          631L,
          384L,
          285696192L,
          "sha256:285696192:c759dec327d93651be69c4afbb77a10abcd4a8eaf08937765d32e9d48f363e70:",
          "");

  /** As this version writes it: with the sink's own state. */
  private static final ResumeState RESUME_WITH_SINK_STATE =
      new ResumeState(
          RESUME.blockSize(), RESUME.doneBlocks(), RESUME.blocksAccepted(), RESUME.blocksZero(), RESUME.hashedBytes(),
          RESUME.sha256State(), "mirror-part:v1:0badc0de");

  static final List<PayloadCase> CASES =
      List.of(
          PayloadCase.changed(ResumeState.class, RESUME, RESUME_WITH_SINK_STATE),
          PayloadCase.changed(
              TransferCheckpoint.class,
              new TransferCheckpoint(PayloadSamples.PROGRESS, RESUME),
              new TransferCheckpoint(PayloadSamples.PROGRESS, RESUME_WITH_SINK_STATE)),
          PayloadCase.unchanged(
              PollProgress.class,
              new PollProgress(3, List.of(PayloadSamples.PASSED, PayloadSamples.FAILED), "ResultsDB unavailable: HTTP 503")),
          PayloadCase.unchanged(EventProgress.class, new EventProgress(PayloadSamples.EVENT.eventId(), List.of("log", "bus"))));

  @TestFactory
  Stream<DynamicTest> everyHeartbeatReadsInThePreviousVersionAndTheNext() {
    return PayloadCompatibility.bothWays(CASES);
  }

  @Test
  void aCheckpointWithoutDoneBlocksResumesWithNone() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode checkpoint = (ObjectNode) json.readTree(recorded("TransferCheckpoint"));
    ((ObjectNode) checkpoint.get("resume")).remove("doneBlocks");

    TransferCheckpoint read = (TransferCheckpoint) read(json.writeValueAsString(checkpoint), TransferCheckpoint.class);

    assertThat(read.resume().doneBlocks()).isEmpty();
    assertThat(read.progress()).isEqualTo(PayloadSamples.PROGRESS);
  }
}
