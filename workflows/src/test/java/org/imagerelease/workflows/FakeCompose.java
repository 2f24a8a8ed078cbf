package org.imagerelease.workflows;

import java.util.List;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleasePlan;

/** A compose with two cloud images released to a mirror with a primary and one replica root. */
final class FakeCompose implements ComposeActivities {
  static final ImageArtifact RAW =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz",
          "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-42-1.1.x86_64.raw.xz", 1000, "a".repeat(64));
  static final ImageArtifact VHD =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "vhd-compressed", "vhdfixed.xz",
          "Cloud/x86_64/images/Fedora-Cloud-Base-Azure-42-1.1.x86_64.vhdfixed.xz", 2000, "b".repeat(64));

  /** The Generic qcow2 openQA tests: in the compose, planned only when a test says so. */
  static final ImageArtifact QCOW2 =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "qcow2", "qcow2",
          "Cloud/x86_64/images/Fedora-Cloud-Base-Generic-42-1.1.x86_64.qcow2", 3000, "c".repeat(64));

  volatile List<ImageArtifact> images = List.of(RAW, VHD);
  /** Every image of the compose the plan says it has; none (as plans before gate rules) unless a test says so. */
  volatile List<ImageArtifact> composeImages = List.of();
  /** Which target each image goes to; every image to the mirror unless a test says otherwise. */
  volatile java.util.function.Function<ImageArtifact, String> targetOf = image -> "mirror";

  @Override
  public ReleasePlan resolvePlan(ComposeRef compose) {
    return new ReleasePlan(
        compose,
        images.stream().map(i -> new PlannedImage(targetOf.apply(i), i, "primary", List.of("replica"))).toList(),
        composeImages);
  }
}
