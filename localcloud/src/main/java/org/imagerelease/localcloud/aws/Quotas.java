package org.imagerelease.localcloud.aws;

/**
 * AWS's limits the endpoint enforces, with AWS's defaults in {@link #aws()}.
 *
 * @param putSnapshotBlockPerSecond PutSnapshotBlock requests per second per snapshot
 *     (L-1774F84A, 1000); beyond it {@code RequestThrottledException}
 * @param concurrentImageCopiesPerRegion AMI copies in flight into one destination region (20);
 *     beyond it {@code ResourceLimitExceeded}
 * @param publicImagesPerRegion public AMIs per region (L-0E3CBAB9, 5 by default); making one
 *     more public fails with {@code ResourceLimitExceeded}
 * @param instancesPerRegion instances not yet terminated per region; RunInstances beyond it
 *     fails with {@code InstanceLimitExceeded}
 */
public record Quotas(int putSnapshotBlockPerSecond, int concurrentImageCopiesPerRegion,
    int publicImagesPerRegion, int instancesPerRegion) {

  public Quotas {
    if (putSnapshotBlockPerSecond < 1 || concurrentImageCopiesPerRegion < 1
        || publicImagesPerRegion < 0 || instancesPerRegion < 1) {
      throw new IllegalArgumentException("quotas must be positive: " + this);
    }
  }

  public static Quotas aws() {
    return new Quotas(1000, 20, 5, 20);
  }

  public Quotas withPutSnapshotBlockPerSecond(int limit) {
    return new Quotas(limit, concurrentImageCopiesPerRegion, publicImagesPerRegion, instancesPerRegion);
  }

  public Quotas withConcurrentImageCopiesPerRegion(int limit) {
    return new Quotas(putSnapshotBlockPerSecond, limit, publicImagesPerRegion, instancesPerRegion);
  }

  public Quotas withPublicImagesPerRegion(int limit) {
    return new Quotas(putSnapshotBlockPerSecond, concurrentImageCopiesPerRegion, limit, instancesPerRegion);
  }

  public Quotas withInstancesPerRegion(int limit) {
    return new Quotas(putSnapshotBlockPerSecond, concurrentImageCopiesPerRegion, publicImagesPerRegion, limit);
  }
}
