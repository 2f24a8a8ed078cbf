package org.imagerelease.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  private static final ImageAtLocation REF =
      new ImageAtLocation(
          "release-Fedora-41-20241027.0",
          "Fedora-41-20241027.0",
          "aws",
          "eu-west-1",
          new ImageArtifact("Cloud", "aarch64", "Cloud_Base", "raw-xz", "raw.xz",
              "Cloud/aarch64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz", 1000, "a".repeat(64)));

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void anImageAtALocationPutsComposeImageTargetAndLocationUntilClosed() {
    MDC.put("WorkflowId", "release-Fedora-41-20241027.0");
    try (var logContext = LogContext.of(REF)) {
      assertThat(MDC.getCopyOfContextMap())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "WorkflowId", "release-Fedora-41-20241027.0",
                  "composeId", "Fedora-41-20241027.0",
                  "image", "Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz",
                  "target", "aws",
                  "location", "eu-west-1"));
    }
    assertThat(MDC.getCopyOfContextMap()).containsExactlyEntriesOf(Map.of("WorkflowId", "release-Fedora-41-20241027.0"));
  }

  @Test
  void aMissingValueIsLeftOut() {
    try (var logContext = LogContext.ofTarget("Fedora-41-20241027.0", null)) {
      assertThat(MDC.getCopyOfContextMap()).containsExactlyEntriesOf(Map.of("composeId", "Fedora-41-20241027.0"));
    }
  }
}
