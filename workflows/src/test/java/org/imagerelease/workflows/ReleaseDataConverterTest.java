package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.imagerelease.workflows.model.ReleaseTimeouts;
import org.imagerelease.workflows.model.TransferProgress;
import org.imagerelease.workflows.model.Waiting;
import org.junit.jupiter.api.Test;

class ReleaseDataConverterTest {
  private static final DataConverter CONVERTER = ReleaseDataConverter.INSTANCE;
  /** What a worker with one more progress field writes: the rolling upgrade issue 13 measured. */
  private static final String PROGRESS_WITH_A_NEWER_FIELD =
      "{\"target\":\"mirror\",\"location\":\"local\",\"imageName\":\"a.raw.xz\",\"compressedBytesDone\":10,"
          + "\"compressedBytesTotal\":20,\"blocksAccepted\":1,\"blocksSkipped\":0,\"bytesPerSecond\":52428800}";

  @Test
  void aFieldOfANewerVersionIsIgnored() {
    TransferProgress read = CONVERTER.fromPayload(json(PROGRESS_WITH_A_NEWER_FIELD), TransferProgress.class, TransferProgress.class);

    assertThat(read).isEqualTo(new TransferProgress("mirror", "local", "a.raw.xz", 10, 20, 1, 0));
  }

  @Test
  void temporalsDefaultConverterWouldRejectIt() {
    assertThatThrownBy(
            () ->
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    json(PROGRESS_WITH_A_NEWER_FIELD), TransferProgress.class, TransferProgress.class))
        .hasRootCauseInstanceOf(UnrecognizedPropertyException.class);
  }

  @Test
  void writesJsonAsTemporalsDefaultDoes() {
    for (Object value :
        new Object[] {
          ReleaseTimeouts.defaults(), new Waiting("test results", Instant.parse("2024-10-27T08:15:30.250Z")), Duration.ofMinutes(5)
        }) {
      assertThat(CONVERTER.toPayload(value)).as("%s", value).isEqualTo(DefaultDataConverter.STANDARD_INSTANCE.toPayload(value));
    }
  }

  @Test
  void keepsTemporalsConvertersForNullBytesAndProtobuf() {
    assertThat(encodingOf(null)).isEqualTo("binary/null");
    assertThat(encodingOf(new byte[] {1, 2})).isEqualTo("binary/plain");
    assertThat(encodingOf(WorkflowExecution.newBuilder().setWorkflowId("release-x").build())).isEqualTo("json/protobuf");
    assertThat(encodingOf(ReleaseTimeouts.defaults())).isEqualTo("json/plain");
  }

  private static String encodingOf(Object value) {
    return CONVERTER.toPayload(value).orElseThrow().getMetadataOrThrow("encoding").toStringUtf8();
  }

  private static Payload json(String data) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFrom(data, StandardCharsets.UTF_8))
        .build();
  }
}
