package org.imagerelease.devtools.demo;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import org.imagerelease.activities.events.ReleaseEventMessages;
import org.imagerelease.starter.bus.BusEvent;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;

/**
 * How a demo went; {@code demo --json} prints it as is.
 *
 * @param composeId the generated compose
 * @param stage the release's final stage
 * @param gateOutcome how its gate ended; null if it never got there
 * @param testsFailedOnPurpose whether the local test runner reported FAILED for every image
 *     ({@code --fail-tests})
 * @param generationTime how long generating the compose took
 * @param releaseTime from starting the release to seeing it end
 * @param workDirectory where everything was written
 * @param workDirectoryKept whether it is still there ({@code --keep})
 * @param composeUrl where the compose was served over HTTP during the demo
 * @param mirrorRoots the mirror target's roots, the primary first
 * @param publishedFiles every public image file, found on disk, absolute paths
 * @param checksumFiles every public CHECKSUM file, absolute paths
 * @param stagedFiles whatever is left in the roots' staging areas; empty after any release
 * @param tests what the local test runner found and reported per image
 * @param status the release's final status
 * @param broker with {@code --amqp}: which broker carried the messages; absent otherwise
 * @param topicPrefix with {@code --amqp}: the demo's own environment on the bus
 * @param busEvents with {@code --amqp}: the release events seen on {@code amq.topic}, in arrival order
 * @param aws with the AWS target: what the local AWS endpoint holds at the end; absent otherwise
 * @param azure with the Azure target: what the local gallery and upload container hold at the
 *     end; absent otherwise
 */
public record DemoReport(
    String composeId,
    ReleaseStage stage,
    GateOutcome gateOutcome,
    boolean testsFailedOnPurpose,
    Duration generationTime,
    Duration releaseTime,
    String workDirectory,
    boolean workDirectoryKept,
    String composeUrl,
    List<MirrorRootInfo> mirrorRoots,
    List<String> publishedFiles,
    List<String> checksumFiles,
    List<String> stagedFiles,
    List<ImageTestReport> tests,
    ReleaseStatus status,
    @JsonInclude(JsonInclude.Include.NON_NULL) String broker,
    @JsonInclude(JsonInclude.Include.NON_NULL) String topicPrefix,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<BusEvent> busEvents,
    @JsonInclude(JsonInclude.Include.NON_NULL) AwsInventoryReport aws,
    @JsonInclude(JsonInclude.Include.NON_NULL) AzureInventoryReport azure) {

  /**
   * One mirror root.
   *
   * @param name its location name in the release
   * @param directory its top directory
   * @param publicUrl where its public tree is served
   */
  public record MirrorRootInfo(String name, String directory, String publicUrl) {}

  public DemoReport {
    mirrorRoots = List.copyOf(mirrorRoots);
    publishedFiles = List.copyOf(publishedFiles);
    checksumFiles = List.copyOf(checksumFiles);
    stagedFiles = List.copyOf(stagedFiles);
    tests = List.copyOf(tests);
    busEvents = busEvents == null ? null : List.copyOf(busEvents);
  }

  /** A demo without the bus. */
  public DemoReport(
      String composeId,
      ReleaseStage stage,
      GateOutcome gateOutcome,
      boolean testsFailedOnPurpose,
      Duration generationTime,
      Duration releaseTime,
      String workDirectory,
      boolean workDirectoryKept,
      String composeUrl,
      List<MirrorRootInfo> mirrorRoots,
      List<String> publishedFiles,
      List<String> checksumFiles,
      List<String> stagedFiles,
      List<ImageTestReport> tests,
      ReleaseStatus status) {
    this(composeId, stage, gateOutcome, testsFailedOnPurpose, generationTime, releaseTime, workDirectory, workDirectoryKept, composeUrl,
        mirrorRoots, publishedFiles, checksumFiles, stagedFiles, tests, status, null, null, null, null, null);
  }

  /** The same report, with what the local AWS endpoint holds. */
  public DemoReport withAws(AwsInventoryReport inventory) {
    return new DemoReport(composeId, stage, gateOutcome, testsFailedOnPurpose, generationTime, releaseTime, workDirectory, workDirectoryKept,
        composeUrl, mirrorRoots, publishedFiles, checksumFiles, stagedFiles, tests, status, broker, topicPrefix, busEvents, inventory, azure);
  }

  /** The same report, with what the demo's gallery and upload container hold. */
  public DemoReport withAzure(AzureInventoryReport inventory) {
    return new DemoReport(composeId, stage, gateOutcome, testsFailedOnPurpose, generationTime, releaseTime, workDirectory, workDirectoryKept,
        composeUrl, mirrorRoots, publishedFiles, checksumFiles, stagedFiles, tests, status, broker, topicPrefix, busEvents, aws, inventory);
  }

  /** The same report of a demo through the bus. */
  public DemoReport overTheBus(String broker, String topicPrefix, List<BusEvent> busEvents) {
    return new DemoReport(composeId, stage, gateOutcome, testsFailedOnPurpose, generationTime, releaseTime, workDirectory, workDirectoryKept,
        composeUrl, mirrorRoots, publishedFiles, checksumFiles, stagedFiles, tests, status, broker, topicPrefix, busEvents, aws, azure);
  }

  /** Whether the demo went through the bus ({@code --amqp}). */
  public boolean throughTheBus() {
    return busEvents != null;
  }

  /** The topic of the message that announces how the release ended: release.completed, or release.failed with failing tests. */
  String expectedFinalTopic() {
    return testsFailedOnPurpose ? ReleaseEventMessages.FAILED : ReleaseEventMessages.COMPLETED;
  }

  private boolean finalEventSeen() {
    return !throughTheBus() || busEvents.stream().anyMatch(event -> event.hasTopic(expectedFinalTopic()));
  }

  /**
   * Whether the demo showed what it set out to: the release ended RELEASED, with an AMI in AWS
   * and a version promoted to latest in the Azure gallery when those targets ran; or, with
   * failing tests, it ended COMPENSATED with nothing left public or staged, in AWS, in the gallery
   * or in the upload container. Through the bus, the message that announces the end was seen on
   * it too.
   */
  public boolean succeeded() {
    return releaseEndedAsExpected() && finalEventSeen();
  }

  private boolean releaseEndedAsExpected() {
    if (testsFailedOnPurpose) {
      return stage == ReleaseStage.COMPENSATED
          && publishedFiles.isEmpty()
          && checksumFiles.isEmpty()
          && stagedFiles.isEmpty()
          && (aws == null || aws.leftBehind().isEmpty())
          && (azure == null || azure.leftBehind().isEmpty());
    }
    return stage == ReleaseStage.RELEASED
        && (aws == null || !aws.images().isEmpty())
        && (azure == null || !azure.promotedVersions().isEmpty());
  }

  /** Why the demo did not succeed, in one line; empty when it did. */
  public String failure() {
    if (succeeded()) {
      return "";
    }
    if (releaseEndedAsExpected()) {
      return "the release ended " + stage + " but no " + expectedFinalTopic() + " message was seen on the bus under " + topicPrefix;
    }
    if (testsFailedOnPurpose && stage == ReleaseStage.COMPENSATED) {
      return "the release was compensated but left things behind: " + publishedFiles.size() + " public files, "
          + checksumFiles.size() + " CHECKSUM, " + stagedFiles.size() + " staged"
          + (aws == null ? "" : ", " + aws.leftBehind().size() + " AWS resources")
          + (azure == null ? "" : ", " + azure.leftBehind().size() + " Azure resources and blobs");
    }
    if (stage == ReleaseStage.RELEASED && azure != null && azure.promotedVersions().isEmpty()) {
      return "the release ended RELEASED but no gallery version is in latest: " + azure.versions().size() + " versions";
    }
    String expected = testsFailedOnPurpose ? ReleaseStage.COMPENSATED.name() : ReleaseStage.RELEASED.name();
    return "the release ended " + stage + ", not " + expected
        + (status.lastError().isEmpty() ? "" : ": " + status.lastError());
  }
}
