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
 */
public record ImageShape(int blockSize, OptionalLong decodedSize, String resumeState) {

  /** Whether this attempt continues an earlier one's checkpoint. */
  public boolean resumed() {
    return resumeState != null;
  }
}
