package org.imagerelease.devtools.demo;

import java.util.List;
import org.imagerelease.localcloud.aws.Inventory;
import org.imagerelease.localcloud.aws.ResourceKind;

/**
 * What the local AWS endpoint holds at the end of a demo: every snapshot, AMI, instance and SSM
 * parameter, per region.
 *
 * @param endpoint where the endpoint answered (any AWS client, e.g. {@code aws --endpoint-url})
 * @param resources everything it holds
 */
public record AwsInventoryReport(String endpoint, List<Resource> resources) {

  /** One resource as the endpoint has it. */
  public record Resource(String region, String kind, String id, String state, String detail) {}

  public AwsInventoryReport {
    resources = List.copyOf(resources);
  }

  static AwsInventoryReport of(String endpoint, Inventory inventory) {
    return new AwsInventoryReport(
        endpoint,
        inventory.resources().stream()
            .map(r -> new Resource(r.region(), r.kind().name().toLowerCase(java.util.Locale.ROOT), r.id(), r.state(), r.detail()))
            .toList());
  }

  /** AMIs that exist (public or not), per region. */
  List<Resource> images() {
    return ofKind(ResourceKind.IMAGE);
  }

  /** What a compensated release must not leave: snapshots, AMIs, parameters, instances not terminated. */
  List<Resource> leftBehind() {
    return resources.stream().filter(r -> !(r.kind().equals("instance") && r.state().equals("terminated"))).toList();
  }

  private List<Resource> ofKind(ResourceKind kind) {
    String name = kind.name().toLowerCase(java.util.Locale.ROOT);
    return resources.stream().filter(r -> r.kind().equals(name)).toList();
  }
}
