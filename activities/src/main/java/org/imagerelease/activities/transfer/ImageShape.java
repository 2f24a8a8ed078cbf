package org.imagerelease.activities.transfer;

import java.util.OptionalLong;

/**
 * What the pipeline knows of an image before it decodes it.
 *
 * @param blockSize bytes per block
 * @param decodedSize size of the decoded image, when known up front (xz index, gzip trailer,
 *     zstd frame header, uncompressed input, a declared size); empty otherwise
 * @param resumeState the sink's own state from the checkpoint this attempt resumes; null when
 *     the attempt starts afresh
 * @param tail the decoded image's last {@link SinkNeeds#tailBytes()} bytes (fewer when the image
 *     is smaller), read apart from the stream before anything else; empty when the sink asked
 *     for none. A sink that writes them compares them with the block they arrive in
 */
public record ImageShape(int blockSize, OptionalLong decodedSize, String resumeState, byte[] tail) {

  public ImageShape {
    tail = tail == null ? new byte[0] : tail;
  }

  /** A shape without the image's tail. */
  public ImageShape(int blockSize, OptionalLong decodedSize, String resumeState) {
    this(blockSize, decodedSize, resumeState, new byte[0]);
  }

  /** Whether this attempt continues an earlier one's checkpoint. */
  public boolean resumed() {
    return resumeState != null;
  }
}
