package org.imagerelease.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.workflows.model.PayloadCompatibility.fieldsLost;
import static org.imagerelease.workflows.model.PayloadCompatibility.read;
import static org.imagerelease.workflows.model.PayloadCompatibility.recorded;
import static org.imagerelease.workflows.model.PayloadSamples.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.imagerelease.workflows.ComposeActivities;
import org.imagerelease.workflows.EventActivities;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.TargetActivities;
import org.imagerelease.workflows.TestResultActivities;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * During a rolling upgrade workers of two versions share the releases, and a release waits at
 * its gate for days: every payload of the workflow and its activities must read in the previous
 * version and the next. Held against the payloads {@value PayloadCompatibility#PREVIOUS_VERSION}
 * wrote (src/test/resources/payloads/; the heartbeat details are held in activities). That a
 * field of a newer version is ignored is ReleaseDataConverterTest's.
 */
class PayloadCompatibilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What Temporal decodes awaitTestResults' result as. */
  private static final Type TEST_RESULTS = resultTypeOf(TestResultActivities.class, "awaitTestResults");

  static final List<PayloadCase> CASES =
      List.of(
          PayloadCase.unchanged(ComposeRef.class, COMPOSE),
          PayloadCase.unchanged(ImageArtifact.class, ARTIFACT),
          PayloadCase.unchanged(ImageAtLocation.class, PRIMARY),
          PayloadCase.changed(LocationImage.class, UPLOADED, UPLOADED_PENDING),
          PayloadCase.unchanged(GateSettings.class, GATE),
          PayloadCase.unchanged(ReleaseTimeouts.class, TIMEOUTS),
          PayloadCase.changed(ReleaseRequest.class, REQUEST, REQUEST_WITH_REGION_POLICY),
          PayloadCase.unchanged(Decision.class, DECISION),
          PayloadCase.unchanged(TestResult.class, PASSED),
          new PayloadCase("TestResults", TEST_RESULTS, List.of(PASSED, FAILED), List.of(PASSED, FAILED)),
          PayloadCase.unchanged(TestQuery.class, QUERY),
          PayloadCase.unchanged(PlannedImage.class, PLANNED),
          PayloadCase.unchanged(ReleasePlan.class, PLAN),
          PayloadCase.unchanged(UploadRequest.class, UPLOAD),
          PayloadCase.changed(ReplicateRequest.class, REPLICATE, new ReplicateRequest(UPLOADED_PENDING, REPLICATE.destination())),
          PayloadCase.unchanged(CleanupRequest.class, CLEANUP),
          PayloadCase.unchanged(ReleaseEvent.class, EVENT),
          PayloadCase.changed(LocationStatus.class, PUBLISHED, PUBLISHED_WITH_DETAIL),
          PayloadCase.changed(ImageStatus.class, IMAGE_STATUS, IMAGE_STATUS_WITH_DETAILS),
          PayloadCase.unchanged(Waiting.class, WAITING),
          PayloadCase.changed(ReleaseStatus.class, STATUS, STATUS_WITH_DETAILS),
          PayloadCase.unchanged(TransferProgress.class, PROGRESS));

  /** Payload types that did not exist in the recorded version; they first travel inside others. */
  private static final Set<Class<?>> NEW_SINCE_RECORDING = Set.of(RegionFailurePolicy.class, LocationImage.Pending.class);

  @TestFactory
  Stream<DynamicTest> everyPayloadReadsInThePreviousVersionAndTheNext() {
    return PayloadCompatibility.bothWays(CASES);
  }

  /** A record reachable from the workflow's or an activity's signature travels as a payload. */
  @Test
  void everyPayloadTypeIsHeldAgainstTheRecording() {
    Set<Class<?>> payloads = new LinkedHashSet<>();
    for (Class<?> contract :
        List.of(ImageReleaseWorkflow.class, ComposeActivities.class, EventActivities.class, TargetActivities.class, TestResultActivities.class)) {
      for (Method method : contract.getDeclaredMethods()) {
        recordsIn(method.getGenericReturnType(), payloads);
        Arrays.stream(method.getGenericParameterTypes()).forEach(parameter -> recordsIn(parameter, payloads));
      }
    }
    payloads.removeAll(NEW_SINCE_RECORDING);

    Set<Class<?>> held = new LinkedHashSet<>();
    CASES.forEach(c -> recordsIn(c.type(), held));
    assertThat(held).containsAll(payloads);
  }

  @Test
  void aListAnOlderVersionDidNotWriteReadsAsEmpty() throws Exception {
    ObjectNode planned = (ObjectNode) JSON.readTree(recorded("PlannedImage"));
    planned.remove("replicaLocations");

    PlannedImage read = (PlannedImage) read(JSON.writeValueAsString(planned), PlannedImage.class);

    assertThat(read.replicaLocations()).isEmpty();
    assertThat(read.allLocations()).containsExactly("local");
  }

  @Test
  void aReleaseRequestedBeforeTheRegionPolicyGetsTheDefaultPolicy() {
    ReleaseRequest read = (ReleaseRequest) read(recorded("ReleaseRequest"), ReleaseRequest.class);

    assertThat(read.regionFailure()).isEqualTo(RegionFailurePolicy.defaults());
    assertThat(read.gate()).isEqualTo(GATE);
  }

  @Test
  void anImageFromBeforeTargetsCouldWaitIsReady() {
    LocationImage read = (LocationImage) read(recorded("LocationImage"), LocationImage.class);

    assertThat(read.waitsForTarget()).isFalse();
    assertThat(read.attributes()).containsEntry("stagedPath", "/srv/mirror/local/.staging/" + RELEASE_ID + "/" + IMAGE);
  }

  @Test
  void aLocationFromBeforeDetailsHasNone() {
    LocationStatus read = (LocationStatus) read(recorded("LocationStatus"), LocationStatus.class);

    assertThat(read.detail()).isEmpty();
    assertThat(read.state()).isEqualTo(LocationState.PUBLISHED);
  }

  @Test
  void theShapeCheckFindsAFieldRemovedRenamedOrOfAnotherType() throws Exception {
    JsonNode previous = JSON.readTree("{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":[{\"e\":true}]}");

    assertThat(fieldsLost(previous, JSON.readTree("{\"a\":2.5,\"b\":{\"c\":\"y\",\"f\":1},\"d\":[{\"e\":false}],\"g\":null}"))).isEmpty();
    assertThat(fieldsLost(previous, JSON.readTree("{\"a\":\"1\",\"b\":{\"cc\":\"x\"},\"d\":[{}]}")))
        .containsExactly("$.a was NUMBER, is STRING", "$.b.c is gone", "$.d[0].e is gone");
    assertThat(fieldsLost(previous, JSON.readTree("{\"a\":1,\"b\":\"c\",\"d\":[]}")))
        .containsExactly("$.b was OBJECT, is STRING", "$.d[0] is gone");
  }

  private static void recordsIn(Type type, Set<Class<?>> found) {
    if (type instanceof ParameterizedType parameterized) {
      Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> recordsIn(argument, found));
    } else if (type instanceof Class<?> c && c.isRecord() && found.add(c)) {
      Arrays.stream(c.getRecordComponents()).map(RecordComponent::getGenericType).forEach(component -> recordsIn(component, found));
    }
  }

  private static Type resultTypeOf(Class<?> contract, String method) {
    return Arrays.stream(contract.getMethods())
        .filter(m -> m.getName().equals(method))
        .findFirst()
        .orElseThrow()
        .getGenericReturnType();
  }
}
