package org.imagerelease.activities.events;

import java.util.List;
import java.util.Map;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;

/** Images and events as the release workflow and the targets make them. */
final class EventFixtures {
  static final String COMPOSE_ID = "Fedora-41-20241027.0";
  static final String SHA256 = "4e1b5f1f0c3a3f9d2b8e7c6a5d4f3e2b1a0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e";

  static final ImageArtifact EC2_X86_64 =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz",
          "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz", 524_288_000L, SHA256);
  static final ImageArtifact AZURE_X86_64 =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "vhd-compressed", "vhdfixed.xz",
          "Cloud/x86_64/images/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed.xz", 612_000_000L, SHA256);
  static final ImageArtifact QCOW2_AARCH64 =
      new ImageArtifact("Cloud", "aarch64", "Cloud_Base", "qcow2", "qcow2",
          "Cloud/aarch64/images/Fedora-Cloud-Base-Generic-41-1.4.aarch64.qcow2", 470_000_000L, SHA256);

  private EventFixtures() {}

  static LocationImage located(String composeId, String target, String location, ImageArtifact image,
      String resourceId, String url, Map<String, String> attributes) {
    return new LocationImage(
        new ImageAtLocation(ReleaseIds.workflowId(composeId), composeId, target, location, image), resourceId, url, attributes);
  }

  static ReleaseEvent published(String composeId, List<LocationImage> images) {
    LocationImage first = images.get(0);
    String eventId = ReleaseIds.workflowId(composeId) + "/published/" + first.ref().target() + ":" + first.ref().imageName();
    return new ReleaseEvent(eventId, ReleaseEventKind.IMAGE_PUBLISHED, composeId, images, "public at " + images.size() + " locations");
  }

  static ReleaseEvent uploaded(LocationImage image) {
    String eventId =
        image.ref().releaseId() + "/uploaded/" + image.ref().target() + "/" + image.ref().location() + "/" + image.ref().imageName();
    return new ReleaseEvent(eventId, ReleaseEventKind.IMAGE_UPLOADED, image.ref().composeId(), List.of(image), "uploaded privately");
  }
}
