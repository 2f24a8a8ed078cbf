package org.imagerelease.starter.consume;

import io.temporal.client.WorkflowNotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.imagerelease.activities.LogContext;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.messaging.MessageHandler;
import org.imagerelease.activities.testgate.MalformedResultException;
import org.imagerelease.activities.testgate.ResultsDbResult;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.TestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a release the test results ResultsDB announces, as its {@code testResult} signal. A
 * {@code resultsdb.result.new} body is the API v2.0 result object; its compose,
 * {@code data["productmd.compose.id"][0]}, names the release ({@code release-<composeId>}) and
 * {@code data.item[0]} the image. The older {@code taskotron.result.new} body names no compose:
 * its result goes to the releases awaiting tests that have its image.
 *
 * <p>Only results of the required testcases are signalled; others are acknowledged unread
 * beyond their shape. A result for a compose without a running release is acknowledged: there
 * is nobody to tell. A body that is not a ResultsDB result is rejected; Temporal being
 * unreachable keeps the message for later.
 */
public final class ResultsDbMessageHandler implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(ResultsDbMessageHandler.class);
  private static final String RESULT_NEW = "resultsdb.result.new";
  private static final String LEGACY_RESULT_NEW = "taskotron.result.new";

  private final ReleaseClient releases;
  private final Set<String> requiredTestcases;

  /**
   * @param releases where results are signalled
   * @param requiredTestcases the testcases release gates wait for ({@code [consumer_config.gate] testcases})
   */
  public ResultsDbMessageHandler(ReleaseClient releases, Collection<String> requiredTestcases) {
    this.releases = releases;
    this.requiredTestcases = Set.copyOf(requiredTestcases);
  }

  @Override
  public boolean handles(String topic) {
    return isTopic(topic, RESULT_NEW) || isTopic(topic, LEGACY_RESULT_NEW);
  }

  @Override
  public HandlingOutcome handle(FedoraMessage message) {
    boolean legacy = isTopic(message.topic(), LEGACY_RESULT_NEW);
    ResultsDbResult result;
    TestResult testResult;
    try {
      result = legacy ? ResultsDbResult.parseLegacy(message.body()) : ResultsDbResult.parse(message.body());
      if (!requiredTestcases.contains(result.testcase())) {
        log.debug("Message {}: testcase {} is not required by any gate; ignored", message.id(), result.testcase());
        return HandlingOutcome.ACK;
      }
      testResult = result.toTestResult();
    } catch (MalformedResultException e) {
      log.warn("Message {} on {} rejected: {}", message.id(), message.topic(), e.getMessage());
      return HandlingOutcome.REJECT;
    }
    if (legacy) {
      return signalReleasesWithImage(message, testResult);
    }
    Optional<String> composeId = result.composeId();
    if (composeId.isEmpty()) {
      log.info(
          "Message {}: {} {} for {} names no compose (data[\"productmd.compose.id\"]); no release to tell",
          message.id(), testResult.testcase(), testResult.outcome(), testResult.item());
      return HandlingOutcome.ACK;
    }
    return signal(message, composeId.get(), testResult);
  }

  private HandlingOutcome signal(FedoraMessage message, String composeId, TestResult result) {
    try (var logContext = LogContext.ofCompose(composeId)) {
      releases.reportTestResult(composeId, result);
      log.info(
          "Compose {}: {} {} for {} signalled to its release (message {})",
          composeId, result.testcase(), result.outcome(), result.item(), message.id());
      return HandlingOutcome.ACK;
    } catch (WorkflowNotFoundException noRelease) {
      log.info(
          "Compose {}: no running release to tell {} {} for {} (message {}); acknowledged",
          composeId, result.testcase(), result.outcome(), result.item(), message.id());
      return HandlingOutcome.ACK;
    } catch (RuntimeException unreachable) {
      log.warn(
          "Compose {}: could not signal {} {} for {} (message {}), will retry: {}",
          composeId, result.testcase(), result.outcome(), result.item(), message.id(), unreachable.toString());
      return HandlingOutcome.RETRY_LATER;
    }
  }

  /** The legacy body names no compose: every release awaiting tests of this image is told. */
  private HandlingOutcome signalReleasesWithImage(FedoraMessage message, TestResult result) {
    List<String> composes;
    try {
      composes =
          releases.list(Optional.of(ReleaseStage.AWAITING_TESTS)).releases().stream()
              .map(ReleaseSummary::composeId)
              .filter(composeId -> hasImage(composeId, result.item()))
              .toList();
    } catch (RuntimeException unreachable) {
      log.warn("Message {}: could not look for releases of {}, will retry: {}", message.id(), result.item(), unreachable.toString());
      return HandlingOutcome.RETRY_LATER;
    }
    if (composes.isEmpty()) {
      log.info("Message {}: no release awaits tests of {}; acknowledged", message.id(), result.item());
      return HandlingOutcome.ACK;
    }
    HandlingOutcome outcome = HandlingOutcome.ACK;
    for (String composeId : composes) {
      if (signal(message, composeId, result) == HandlingOutcome.RETRY_LATER) {
        outcome = HandlingOutcome.RETRY_LATER;
      }
    }
    return outcome;
  }

  private boolean hasImage(String composeId, String imageName) {
    try {
      return releases.status(composeId).images().stream().map(ImageStatus::imageName).anyMatch(imageName::equals);
    } catch (WorkflowNotFoundException ended) {
      return false;
    }
  }

  private static boolean isTopic(String topic, String suffix) {
    return topic.equals(suffix) || topic.endsWith("." + suffix);
  }
}
