package org.imagerelease.devtools.demo;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.imagerelease.localcloud.azure.arm.Inventory;
import org.imagerelease.localcloud.azure.arm.ResourceKind;

/**
 * What the demo's Azure holds at the end: every gallery, image definition and version the local
 * ARM endpoint has, and every blob left in the upload container.
 *
 * @param armEndpoint where the local ARM endpoint answered
 * @param blobStorage which Blob storage ran (Azurite, or the embedded service and why)
 * @param resources the gallery resources, the demo's gallery first
 * @param blobs the names of the blobs in the upload container; a release removes its own when it ends
 */
public record AzureInventoryReport(String armEndpoint, String blobStorage, List<Resource> resources, List<String> blobs) {

  /**
   * One gallery resource.
   *
   * @param kind {@code gallery}, {@code image_definition} or {@code image_version}
   * @param id its ARM resource id
   * @param location its region
   * @param state its provisioning state
   * @param detail for a version: excludeFromLatest and the replication state per region
   */
  public record Resource(String kind, String id, String location, String state, String detail) {
    private static final String GALLERIES = "/galleries/";

    /** The id from the gallery on, e.g. {@code Fedora/images/Fedora-Cloud-42-x64/versions/42.20261207.0}. */
    String name() {
      int gallery = id.indexOf(GALLERIES);
      return gallery < 0 ? id : id.substring(gallery + GALLERIES.length());
    }
  }

  public AzureInventoryReport {
    resources = List.copyOf(resources);
    blobs = List.copyOf(blobs);
  }

  static AzureInventoryReport of(String armEndpoint, String blobStorage, Inventory inventory, List<String> blobs) {
    return new AzureInventoryReport(
        armEndpoint,
        blobStorage,
        inventory.resources().stream()
            .map(r -> new Resource(kindName(r.kind()), r.id(), r.location(), r.provisioningState(), r.detail()))
            .toList(),
        blobs);
  }

  /** Gallery image versions, released or not. */
  List<Resource> versions() {
    String version = kindName(ResourceKind.IMAGE_VERSION);
    return resources.stream().filter(r -> r.kind().equals(version)).toList();
  }

  /** Versions in "latest": what a release that ended RELEASED promoted. */
  List<Resource> promotedVersions() {
    return versions().stream().filter(r -> r.detail().contains("excludeFromLatest=false")).toList();
  }

  /**
   * What a release made and must not leave once withdrawn: image definitions, versions and upload
   * blobs. The gallery was made before the release, as a person makes it, and stays.
   */
  List<String> leftBehind() {
    String gallery = kindName(ResourceKind.GALLERY);
    return Stream.concat(
            resources.stream().filter(r -> !r.kind().equals(gallery)).map(r -> r.kind() + " " + r.name()),
            blobs.stream().map(blob -> "blob " + blob))
        .toList();
  }

  private static String kindName(ResourceKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
