package org.imagerelease.activities.aws;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.imagerelease.workflows.model.ImageAtLocation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The EBS snapshots the AWS target made for an image in a region, found by their tags. */
final class Snapshots {
  /** On a snapshot: which try at uploading the image it is, so a failed one is never reused. */
  static final String GENERATION = "UploadGeneration";

  private final Ec2Client ec2;

  Snapshots(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Every snapshot tagged for this image of this release, newest generation first. */
  List<Snapshot> of(ImageAtLocation ref) {
    return ec2
        .describeSnapshotsPaginator(
            b ->
                b.ownerIds("self")
                    .filters(
                        tagFilter(AwsNames.RELEASE_ID, ref.releaseId()),
                        tagFilter(AwsNames.IMAGE_FILE, ref.imageName()),
                        tagFilter(AwsNames.MANAGED_BY, AwsNames.MANAGED_BY_US)))
        .snapshots()
        .stream()
        .sorted(Comparator.comparingInt(Snapshots::generationOf).reversed())
        .toList();
  }

  /** Every snapshot of this release in the region, whatever its image. */
  List<Snapshot> ofRelease(String releaseId) {
    return ec2
        .describeSnapshotsPaginator(
            b -> b.ownerIds("self").filters(tagFilter(AwsNames.RELEASE_ID, releaseId), tagFilter(AwsNames.MANAGED_BY, AwsNames.MANAGED_BY_US)))
        .snapshots()
        .stream()
        .toList();
  }

  /** The snapshot, or empty when EC2 does not know it (any more). */
  Optional<Snapshot> find(String snapshotId) {
    try {
      return ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().stream().findFirst();
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Deletes the snapshot; one already gone is deleted. */
  void delete(String snapshotId) {
    try {
      ec2.deleteSnapshot(b -> b.snapshotId(snapshotId));
    } catch (Ec2Exception e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  static boolean isUsable(Snapshot snapshot) {
    return snapshot.state() == SnapshotState.PENDING || snapshot.state() == SnapshotState.COMPLETED;
  }

  static int generationOf(Snapshot snapshot) {
    return snapshot.tags().stream()
        .filter(t -> t.key().equals(GENERATION))
        .map(Tag::value)
        .filter(v -> v.matches("\\d{1,6}"))
        .mapToInt(Integer::parseInt)
        .findFirst()
        .orElse(0);
  }

  static Filter tagFilter(String key, String value) {
    return Filter.builder().name("tag:" + key).values(value).build();
  }
}
