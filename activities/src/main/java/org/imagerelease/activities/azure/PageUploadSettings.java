package org.imagerelease.activities.azure;

/**
 * How hard one page blob is written. Azure serves about 60 MiB/s and 500 requests/s per page
 * blob and takes at most 4 MiB per Put Page; the Java SDK has no parallel page upload, so the
 * bound on writes in flight is ours.
 *
 * @param parallelism Put Page requests in flight at once for one blob: 16 full 4 MiB pages at a
 *     typical second or so each keep about the 60 MiB/s a blob takes, with room for slow ones
 * @param requestsPerSecond most Put Page requests started per second for one blob; only a
 *     fragmented image (many short non-zero runs) comes near it
 */
public record PageUploadSettings(int parallelism, int requestsPerSecond) {
  static final int DEFAULT_PARALLELISM = 16;
  static final int DEFAULT_REQUESTS_PER_SECOND = 500;

  public PageUploadSettings {
    if (parallelism < 1 || parallelism > 256) {
      throw new IllegalArgumentException("page upload parallelism must be 1 to 256, was " + parallelism);
    }
    if (requestsPerSecond < 1) {
      throw new IllegalArgumentException("page upload requests per second must be positive, was " + requestsPerSecond);
    }
  }

  public static PageUploadSettings defaults() {
    return new PageUploadSettings(DEFAULT_PARALLELISM, DEFAULT_REQUESTS_PER_SECOND);
  }
}
