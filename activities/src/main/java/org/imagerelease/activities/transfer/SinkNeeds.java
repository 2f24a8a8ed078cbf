package org.imagerelease.activities.transfer;

/**
 * What a sink needs of the pipeline, declared by the sink: an EBS snapshot takes exactly 512 KiB
 * blocks with their SHA-256 and must be created with its size; an Azure page blob takes pages of
 * up to 4 MiB; a mirror file takes any block size.
 *
 * @param blockSize bytes per block, a positive multiple of 512; 0 leaves it to the pipeline's
 *     configured {@link TransferSettings#blockSize()}
 * @param blockDigests whether every {@link Block} carries its SHA-256
 * @param decodedSizeUpFront whether {@link ImageShape#decodedSize()} must be known before
 *     {@link BlockSink#begin}, because the sink creates its destination with that size; the
 *     pipeline then learns it without decoding or fails before the sink creates anything
 * @param parallelism blocks the sink takes at once, e.g. 64 for EBS, whose every put takes about
 *     100 ms; 0 leaves it to the pipeline's configured {@link TransferSettings#sinkParallelism()}.
 *     The worker's memory budget may allow fewer
 * @param tailBytes how many of the decoded image's last bytes {@link BlockSink#begin} must see
 *     ({@link ImageShape#tail()}), e.g. a VHD's 512-byte footer, which says whether the image
 *     can be released at all; the pipeline reads them before the sink creates anything, or fails
 *     there. 0 for none
 * @param decodedSha256 whether {@link TransferSummary#decodedSha256()} must be computed: the
 *     image is then decoded as one stream, in order, also when it could be decoded in parallel
 */
public record SinkNeeds(
    int blockSize, boolean blockDigests, boolean decodedSizeUpFront, int parallelism, int tailBytes, boolean decodedSha256) {
  /** The largest block any sink may ask for; larger ones would make memory per block unbounded. */
  public static final int MAX_BLOCK_SIZE = 64 << 20;
  /** The most of the image's end a sink may see up front: a trailer, not a copy of the image. */
  public static final int MAX_TAIL_BYTES = 64 << 10;

  public SinkNeeds {
    if (parallelism < 0 || parallelism > 1024) {
      throw new IllegalArgumentException("a sink's parallelism must be between 0 and 1024, was " + parallelism);
    }
    if (blockSize < 0 || blockSize % 512 != 0 || blockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "a sink's block size must be a multiple of 512 up to " + MAX_BLOCK_SIZE + " bytes, or 0 for the pipeline's, was " + blockSize);
    }
    if (tailBytes < 0 || tailBytes > MAX_TAIL_BYTES) {
      throw new IllegalArgumentException("a sink may ask for 0 to " + MAX_TAIL_BYTES + " tail bytes, was " + tailBytes);
    }
  }

  /** Neither the image's tail nor its decoded hash. */
  public SinkNeeds(int blockSize, boolean blockDigests, boolean decodedSizeUpFront, int parallelism) {
    this(blockSize, blockDigests, decodedSizeUpFront, parallelism, 0, false);
  }

  /** Leaves the rest to the pipeline: these block size, digests and size up front. */
  public SinkNeeds(int blockSize, boolean blockDigests, boolean decodedSizeUpFront) {
    this(blockSize, blockDigests, decodedSizeUpFront, 0);
  }

  /** Blocks of the pipeline's configured size, no digests, size not needed up front. */
  public static SinkNeeds anyBlockSize() {
    return new SinkNeeds(0, false, false);
  }

  /** The number of blocks this transfer hands the sink at once: the sink's own, else the configured one. */
  public int parallelismOr(int configured) {
    return parallelism == 0 ? configured : parallelism;
  }

  /** The block size this transfer uses: the sink's own, else the configured one. */
  public int blockSizeOr(int configured) {
    return blockSize == 0 ? configured : blockSize;
  }
}
