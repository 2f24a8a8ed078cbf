package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.imagerelease.activities.transfer.TransferCheckpoint;

/**
 * Where the bench's upload child keeps its last checkpoint, standing in for the Temporal server
 * that keeps an activity's last heartbeat: each checkpoint replaces the file whole (written
 * beside it, then renamed), so a child killed at any moment leaves the previous one or the new
 * one, never half of either.
 */
record CheckpointFile(Path path) {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  void write(TransferCheckpoint checkpoint) throws IOException {
    Path partial = path.resolveSibling(path.getFileName() + ".partial");
    Files.write(partial, JSON.writeValueAsBytes(checkpoint));
    Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The last checkpoint written, if any was. */
  Optional<TransferCheckpoint> read() throws IOException {
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(path.toFile(), TransferCheckpoint.class));
  }
}
