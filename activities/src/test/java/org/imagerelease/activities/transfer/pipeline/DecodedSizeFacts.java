package org.imagerelease.activities.transfer.pipeline;

/** What the pipeline's size probe assumes, for tests outside its package. */
public final class DecodedSizeFacts {
  private DecodedSizeFacts() {}

  public static long gzipTrailerExactBelow() {
    return DecodedSize.GZIP_TRAILER_EXACT_BELOW;
  }
}
