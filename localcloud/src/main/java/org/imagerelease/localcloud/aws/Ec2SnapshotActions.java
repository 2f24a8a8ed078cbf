package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * EC2's snapshot actions: DescribeSnapshots, DeleteSnapshot, ModifySnapshotAttribute and
 * DescribeSnapshotAttribute (createVolumePermission).
 */
final class Ec2SnapshotActions {
  private final Cloud cloud;
  private final Snapshots snapshots;

  Ec2SnapshotActions(Cloud cloud, Snapshots snapshots) {
    this.cloud = cloud;
    this.snapshots = snapshots;
  }

  void addTo(Map<String, Ec2Api.Action> actions) {
    actions.put("DescribeSnapshots", this::describeSnapshots);
    actions.put("DeleteSnapshot", this::deleteSnapshot);
    actions.put("ModifySnapshotAttribute", this::modifySnapshotAttribute);
    actions.put("DescribeSnapshotAttribute", this::describeSnapshotAttribute);
  }

  private void describeSnapshots(QueryParams params, String regionName, Xml out) {
    List<String> ids = params.strings("SnapshotId");
    List<String> owners = params.strings("Owner");
    Filters filters = Filters.from(params);
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      List<Snapshot> matching = new ArrayList<>();
      ids.forEach(id -> Snapshots.ec2Snapshot(region, id));
      if (Ec2Api.ownedBy(owners, cloud.config().accountId())) {
        for (Snapshot snapshot : region.snapshots.values()) {
          if ((ids.isEmpty() || ids.contains(snapshot.id()))
              && filters.matches(snapshot, attributes(now))) {
            matching.add(snapshot);
          }
        }
      }
      Page<Snapshot> page = Ec2Api.page(matching, params);
      out.open("snapshotSet");
      for (Snapshot snapshot : page.items()) {
        out.open("item")
            .element("snapshotId", snapshot.id())
            // What EC2 reports for snapshots not taken from a volume, such as EBS direct ones.
            .element("volumeId", "vol-ffffffff")
            .element("status", snapshot.status(now))
            .element("startTime", snapshot.startTime())
            .element("progress", snapshot.progress(now))
            .element("ownerId", snapshot.ownerId())
            .element("volumeSize", snapshot.volumeSizeGiB())
            .element("description", snapshot.description())
            .element("encrypted", snapshot.encrypted())
            .element("kmsKeyId", snapshot.kmsKeyArn())
            .element("storageTier", "standard")
            .element("completionTime", snapshot.completionTime(now));
        Ec2Api.tagSet(out, snapshot.tags());
        out.close();
      }
      out.close().element("nextToken", page.nextToken());
    }
  }

  private static Map<String, Function<Snapshot, Object>> attributes(Instant now) {
    return Map.of(
        "snapshot-id", Snapshot::id,
        "status", snapshot -> snapshot.status(now),
        "owner-id", Snapshot::ownerId,
        "volume-id", snapshot -> "vol-ffffffff",
        "volume-size", Snapshot::volumeSizeGiB,
        "description", Snapshot::description,
        "encrypted", Snapshot::encrypted,
        "progress", snapshot -> snapshot.progress(now),
        "storage-tier", snapshot -> "standard");
  }

  private void deleteSnapshot(QueryParams params, String region, Xml out) {
    snapshots.delete(region, params.required("SnapshotId"));
    out.element("return", true);
  }

  /** createVolumePermission, given as CreateVolumePermission.Add/Remove or OperationType. */
  private void modifySnapshotAttribute(QueryParams params, String regionName, Xml out) {
    String snapshotId = params.required("SnapshotId");
    String attribute = params.get("Attribute");
    if (attribute != null && !attribute.equals("createVolumePermission")) {
      throw Ec2Errors.invalidParameterValue("Only the createVolumePermission attribute can be changed: " + attribute);
    }
    Permissions change = Permissions.from(params, "CreateVolumePermission");
    Region region = cloud.region(regionName);
    synchronized (region) {
      Snapshot snapshot = Snapshots.ec2Snapshot(region, snapshotId);
      if (change.addPublic()) {
        snapshot.createVolumePublic(true);
      }
      if (change.removePublic()) {
        snapshot.createVolumePublic(false);
      }
      snapshot.createVolumeUserIds().addAll(change.addUsers());
      snapshot.createVolumeUserIds().removeAll(change.removeUsers());
    }
    out.element("return", true);
  }

  private void describeSnapshotAttribute(QueryParams params, String regionName, Xml out) {
    String snapshotId = params.required("SnapshotId");
    String attribute = params.required("Attribute");
    Region region = cloud.region(regionName);
    synchronized (region) {
      Snapshot snapshot = Snapshots.ec2Snapshot(region, snapshotId);
      out.element("snapshotId", snapshot.id());
      switch (attribute) {
        case "createVolumePermission" -> {
          out.open("createVolumePermission");
          if (snapshot.createVolumePublic()) {
            out.open("item").element("group", "all").close();
          }
          snapshot.createVolumeUserIds().forEach(user -> out.open("item").element("userId", user).close());
          out.close();
        }
        case "productCodes" -> out.open("productCodes").close();
        default -> throw Ec2Errors.invalidParameterValue("Value (" + attribute
            + ") for parameter attribute is invalid. Expected: 'productCodes', 'createVolumePermission'");
      }
    }
  }
}
