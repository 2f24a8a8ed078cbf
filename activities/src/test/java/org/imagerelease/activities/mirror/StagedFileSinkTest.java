package org.imagerelease.activities.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's own guard, for a link planted after {@link MirrorTarget} checked the staging area: it
 * never opens a part file through a link.
 */
class StagedFileSinkTest {
  private static final int BLOCK = 4096;

  @TempDir Path temp;

  @Test
  void resumeNeverWritesThroughALinkInPlaceOfItsPartFile() throws Exception {
    Path staged = Files.createDirectories(temp.resolve("staging")).resolve("image.raw");
    Path victim = Files.writeString(temp.resolve("victim"), "precious");
    Path part = Files.createSymbolicLink(MirrorLayout.partFileOf(staged, "0badc0de"), victim);
    var image =
        new ImageArtifact(
            "Cloud", "x86_64", "Cloud_Base", "raw", "raw", "image.raw", BLOCK, "0".repeat(64));

    boolean wentOn;
    try (var sink = new StagedFileSink(staged, image)) {
      wentOn = sink.begin(new ImageShape(BLOCK, OptionalLong.of(BLOCK), "mirror-part:v1:0badc0de"));
      sink.accept(new Block(0, new byte[BLOCK], BLOCK, new byte[32]));
    }

    assertThat(wentOn).as("a link is no part file to go on in").isFalse();
    assertThat(victim).hasContent("precious");
    assertThat(part).doesNotExist();
  }
}
