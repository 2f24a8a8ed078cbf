package org.imagerelease.activities.transfer;

import java.util.OptionalLong;

/**
 * What the pipeline knows of an image before it decodes it.
 *
 * @param blockSize bytes per block
 * @param decodedSize size of the decoded image, when the format says so up front (xz index,
 *     uncompressed input); empty otherwise
 * @param resumed whether this attempt continues an earlier one's checkpoint
 */
public record ImageShape(int blockSize, OptionalLong decodedSize, boolean resumed) {}
