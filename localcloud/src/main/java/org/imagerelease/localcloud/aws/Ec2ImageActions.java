package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * EC2's AMI actions: RegisterImage, DescribeImages, DeregisterImage, CopyImage,
 * Modify/DescribeImageAttribute, Enable/DisableImageDeprecation and image block public access.
 */
final class Ec2ImageActions {
  private static final Set<String> ARCHITECTURES = Set.of("i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac");
  private static final Set<String> BOOT_MODES = Set.of("legacy-bios", "uefi", "uefi-preferred");
  private static final Set<String> VOLUME_TYPES = Set.of("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3");
  private static final Set<String> REGISTER_TAGGABLE = Set.of("image");
  private static final Set<String> COPY_TAGGABLE = Set.of("image", "snapshot");

  private final Cloud cloud;
  private final Images images;

  Ec2ImageActions(Cloud cloud, Images images) {
    this.cloud = cloud;
    this.images = images;
  }

  void addTo(Map<String, Ec2Api.Action> actions) {
    actions.put("RegisterImage", this::registerImage);
    actions.put("DescribeImages", this::describeImages);
    actions.put("DeregisterImage", this::deregisterImage);
    actions.put("CopyImage", this::copyImage);
    actions.put("ModifyImageAttribute", this::modifyImageAttribute);
    actions.put("DescribeImageAttribute", this::describeImageAttribute);
    actions.put("EnableImageDeprecation", this::enableImageDeprecation);
    actions.put("DisableImageDeprecation", this::disableImageDeprecation);
    actions.put("GetImageBlockPublicAccessState", this::getImageBlockPublicAccessState);
    actions.put("EnableImageBlockPublicAccess", this::enableImageBlockPublicAccess);
    actions.put("DisableImageBlockPublicAccess", this::disableImageBlockPublicAccess);
  }

  private void registerImage(QueryParams params, String region, Xml out) {
    if (params.get("ImageLocation") != null) {
      throw Ec2Errors.invalidParameterValue("This local endpoint registers EBS-backed AMIs only,"
          + " not instance store AMIs from ImageLocation");
    }
    List<BlockDeviceMapping> mappings = new ArrayList<>();
    for (QueryParams mapping : params.structs("BlockDeviceMapping")) {
      mappings.add(mapping(mapping));
    }
    // The defaults the API reference gives for EBS-backed AMIs.
    ImageSpec spec = new ImageSpec(params.required("Name"), params.get("Description"),
        oneOf(params, "Architecture", ARCHITECTURES, "i386"),
        oneOf(params, "BootMode", BOOT_MODES, null),
        params.bool("EnaSupport", false), params.get("SriovNetSupport"),
        oneOf(params, "TpmSupport", Set.of("v2.0"), null),
        oneOf(params, "ImdsSupport", Set.of("v2.0"), null),
        params.get("UefiData"),
        params.get("RootDeviceName") == null ? "/dev/sda1" : params.get("RootDeviceName"),
        oneOf(params, "VirtualizationType", Set.of("hvm", "paravirtual"), "paravirtual"),
        params.get("KernelId"), params.get("RamdiskId"), mappings);
    Map<String, Map<String, String>> tags = Ec2Api.tagSpecifications(params, REGISTER_TAGGABLE);
    Image image = images.register(region, new Images.Registration(spec,
        tags.getOrDefault("image", Map.of())));
    out.element("imageId", image.id());
  }

  private static BlockDeviceMapping mapping(QueryParams mapping) {
    BlockDeviceMapping.Ebs ebs = null;
    if (mapping.has("Ebs")) {
      QueryParams params = mapping.struct("Ebs");
      String volumeType = oneOf(params, "VolumeType", VOLUME_TYPES, "gp2");
      ebs = new BlockDeviceMapping.Ebs(params.get("SnapshotId"), params.integer("VolumeSize"),
          volumeType, params.bool("DeleteOnTermination", true), params.integer("Iops"),
          params.integer("Throughput"), params.bool("Encrypted", false), params.get("KmsKeyId"));
    }
    return new BlockDeviceMapping(mapping.required("DeviceName"), mapping.get("VirtualName"),
        mapping.get("NoDevice"), ebs);
  }

  private void describeImages(QueryParams params, String regionName, Xml out) {
    List<String> ids = params.strings("ImageId");
    List<String> owners = params.strings("Owner");
    List<String> executableBy = params.strings("ExecutableBy");
    Filters filters = Filters.from(params);
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    String account = cloud.config().accountId();
    synchronized (region) {
      ids.forEach(id -> Images.find(region, id));
      List<Image> matching = new ArrayList<>();
      if (Ec2Api.ownedBy(owners, account)) {
        for (Image image : region.images.values()) {
          if ((ids.isEmpty() || ids.contains(image.id()))
              && executable(image, executableBy, account)
              && filters.matches(image, attributes(now))) {
            matching.add(image);
          }
        }
      }
      Page<Image> page = Ec2Api.page(matching, params);
      out.open("imagesSet");
      page.items().forEach(image -> image(out, image, now));
      out.close().element("nextToken", page.nextToken());
    }
  }

  /** ExecutableBy: all means public; the owner may run all of its own. */
  private static boolean executable(Image image, List<String> executableBy, String account) {
    if (executableBy.isEmpty() || executableBy.contains("self") || executableBy.contains(account)) {
      return true;
    }
    return (executableBy.contains("all") && image.launchPublic())
        || executableBy.stream().anyMatch(image.launchUserIds()::contains);
  }

  private static Map<String, Function<Image, Object>> attributes(Instant now) {
    Map<String, Function<Image, Object>> attributes = new HashMap<>();
    attributes.put("name", image -> image.spec().name());
    attributes.put("image-id", Image::id);
    attributes.put("state", image -> image.state(now));
    attributes.put("is-public", Image::launchPublic);
    attributes.put("owner-id", Image::ownerId);
    attributes.put("architecture", image -> image.spec().architecture());
    attributes.put("description", image -> image.spec().description());
    attributes.put("image-type", image -> "machine");
    attributes.put("root-device-type", image -> "ebs");
    attributes.put("root-device-name", image -> image.spec().rootDeviceName());
    attributes.put("virtualization-type", image -> image.spec().virtualizationType());
    attributes.put("ena-support", image -> image.spec().enaSupport());
    attributes.put("imds-support", image -> image.spec().imdsSupport());
    attributes.put("source-image-id", Image::sourceImageId);
    attributes.put("source-image-region", Image::sourceRegion);
    attributes.put("block-device-mapping.snapshot-id", image -> image.spec().snapshotIds());
    attributes.put("block-device-mapping.volume-type", image -> image.spec().blockDeviceMappings()
        .stream().filter(mapping -> mapping.ebs() != null).map(mapping -> mapping.ebs().volumeType()).toList());
    return attributes;
  }

  private void image(Xml out, Image image, Instant now) {
    ImageSpec spec = image.spec();
    out.open("item")
        .element("imageId", image.id())
        .element("imageLocation", image.ownerId() + "/" + spec.name())
        .element("imageState", image.state(now))
        .element("imageOwnerId", image.ownerId())
        .element("creationDate", image.creationDate())
        .element("isPublic", image.launchPublic())
        .element("architecture", spec.architecture())
        .element("imageType", "machine")
        .element("kernelId", spec.kernelId())
        .element("ramdiskId", spec.ramdiskId())
        .element("name", spec.name())
        .element("description", spec.description())
        .element("rootDeviceType", "ebs")
        .element("rootDeviceName", spec.rootDeviceName());
    blockDeviceMappings(out, spec);
    out.element("virtualizationType", spec.virtualizationType());
    Ec2Api.tagSet(out, image.tags());
    out.element("hypervisor", "xen")
        .element("enaSupport", spec.enaSupport() ? true : null)
        .element("sriovNetSupport", spec.sriovNetSupport())
        .element("bootMode", spec.bootMode())
        .element("tpmSupport", spec.tpmSupport())
        .element("imdsSupport", spec.imdsSupport())
        .element("deprecationTime", image.deprecationTime())
        .element("sourceImageId", image.sourceImageId())
        .element("sourceImageRegion", image.sourceRegion())
        .element("platformDetails", "Linux/UNIX")
        .element("usageOperation", "RunInstances")
        .close();
  }

  private static void blockDeviceMappings(Xml out, ImageSpec spec) {
    out.open("blockDeviceMapping");
    for (BlockDeviceMapping mapping : spec.blockDeviceMappings()) {
      out.open("item").element("deviceName", mapping.deviceName())
          .element("virtualName", mapping.virtualName()).element("noDevice", mapping.noDevice());
      BlockDeviceMapping.Ebs ebs = mapping.ebs();
      if (ebs != null) {
        out.open("ebs")
            .element("snapshotId", ebs.snapshotId())
            .element("volumeSize", ebs.volumeSize())
            .element("deleteOnTermination", ebs.deleteOnTermination())
            .element("volumeType", ebs.volumeType())
            .element("iops", ebs.iops())
            .element("throughput", ebs.throughput())
            .element("encrypted", ebs.encrypted())
            .element("kmsKeyId", ebs.kmsKeyId())
            .close();
      }
      out.close();
    }
    out.close();
  }

  private void deregisterImage(QueryParams params, String region, Xml out) {
    List<Images.SnapshotDeletion> deletions = images.deregister(region,
        params.required("ImageId"), params.bool("DeleteAssociatedSnapshots", false));
    out.element("return", true);
    if (!deletions.isEmpty()) {
      out.open("deleteSnapshotResultSet");
      deletions.forEach(deletion -> out.open("item").element("snapshotId", deletion.snapshotId())
          .element("returnCode", deletion.returnCode()).close());
      out.close();
    }
  }

  private void copyImage(QueryParams params, String region, Xml out) {
    Map<String, Map<String, String>> tags = Ec2Api.tagSpecifications(params, COPY_TAGGABLE);
    if (params.get("DestinationOutpostArn") != null) {
      throw Ec2Errors.invalidParameterValue("Outposts are not supported by this local endpoint");
    }
    String imageId = images.copy(region, new Images.Copy(params.required("SourceRegion"),
        params.required("SourceImageId"), params.required("Name"), params.get("Description"),
        params.bool("CopyImageTags", false), params.get("ClientToken"), params.bool("Encrypted"),
        params.get("KmsKeyId"), tags.getOrDefault("image", Map.of()),
        tags.getOrDefault("snapshot", Map.of())));
    out.element("imageId", imageId);
  }

  private void modifyImageAttribute(QueryParams params, String region, Xml out) {
    String imageId = params.required("ImageId");
    String attribute = params.get("Attribute");
    Permissions permissions = Permissions.from(params, "LaunchPermission");
    if (permissions.any()) {
      images.changeLaunchPermission(region, imageId, permissions.addPublic(),
          permissions.removePublic(), permissions.addUsers(), permissions.removeUsers());
    } else if (params.get("Description.Value") != null
        || "description".equals(attribute) && params.get("Value") != null) {
      String description = params.get("Description.Value");
      images.changeDescription(region, imageId, description != null ? description : params.get("Value"));
    } else if (params.get("ImdsSupport.Value") != null || "imdsSupport".equals(attribute)) {
      String value = params.get("ImdsSupport.Value") != null ? params.get("ImdsSupport.Value") : params.get("Value");
      if (!"v2.0".equals(value)) {
        throw Ec2Errors.invalidParameterValue("ImdsSupport can only be set to v2.0: " + value);
      }
      images.requireImdsV2(region, imageId);
    } else if (attribute != null && !attribute.equals("launchPermission")) {
      throw Ec2Errors.invalidParameterValue("This local endpoint changes launchPermission,"
          + " description and imdsSupport only: " + attribute);
    } else {
      throw Ec2Errors.missingParameter("Attribute");
    }
    out.element("return", true);
  }

  private void describeImageAttribute(QueryParams params, String regionName, Xml out) {
    String imageId = params.required("ImageId");
    String attribute = params.required("Attribute");
    Region region = cloud.region(regionName);
    synchronized (region) {
      Image image = Images.find(region, imageId);
      ImageSpec spec = image.spec();
      out.element("imageId", image.id());
      switch (attribute) {
        case "launchPermission" -> {
          out.open("launchPermission");
          if (image.launchPublic()) {
            out.open("item").element("group", "all").close();
          }
          image.launchUserIds().forEach(user -> out.open("item").element("userId", user).close());
          out.close();
        }
        case "description" -> out.valueElement("description", spec.description());
        case "kernel" -> out.valueElement("kernel", spec.kernelId());
        case "ramdisk" -> out.valueElement("ramdisk", spec.ramdiskId());
        case "sriovNetSupport" -> out.valueElement("sriovNetSupport", spec.sriovNetSupport());
        case "bootMode" -> out.valueElement("bootMode", spec.bootMode());
        case "tpmSupport" -> out.valueElement("tpmSupport", spec.tpmSupport());
        case "uefiData" -> out.valueElement("uefiData", spec.uefiData());
        case "imdsSupport" -> out.valueElement("imdsSupport", spec.imdsSupport());
        case "lastLaunchedTime" -> out.valueElement("lastLaunchedTime", null);
        case "deregistrationProtection" -> out.valueElement("deregistrationProtection", "disabled");
        case "productCodes" -> out.open("productCodes").close();
        case "blockDeviceMapping" -> blockDeviceMappings(out, spec);
        default -> throw Ec2Errors.invalidParameterValue("Value (" + attribute
            + ") for parameter attribute is invalid.");
      }
    }
  }

  private void enableImageDeprecation(QueryParams params, String region, Xml out) {
    String imageId = params.required("ImageId");
    String deprecateAt = params.required("DeprecateAt");
    Instant at;
    try {
      at = Instant.parse(deprecateAt);
    } catch (DateTimeParseException e) {
      throw Ec2Errors.invalidParameterValue("DeprecateAt is not a UTC timestamp: " + deprecateAt);
    }
    images.deprecate(region, imageId, at);
    out.element("return", true);
  }

  private void disableImageDeprecation(QueryParams params, String region, Xml out) {
    images.cancelDeprecation(region, params.required("ImageId"));
    out.element("return", true);
  }

  private void getImageBlockPublicAccessState(QueryParams params, String regionName, Xml out) {
    Region region = cloud.region(regionName);
    boolean blocked;
    synchronized (region) {
      blocked = region.blocksPublicSharing(cloud.now());
    }
    out.element("imageBlockPublicAccessState", blocked ? "block-new-sharing" : "unblocked")
        .element("managedBy", "account");
  }

  private void enableImageBlockPublicAccess(QueryParams params, String region, Xml out) {
    String state = params.required("ImageBlockPublicAccessState");
    if (!state.equals("block-new-sharing")) {
      throw Ec2Errors.invalidParameterValue("Value (" + state
          + ") for parameter ImageBlockPublicAccessState is invalid. Expected: 'block-new-sharing'");
    }
    changeBlockPublicAccess(region, true);
    out.element("imageBlockPublicAccessState", "block-new-sharing");
  }

  private void disableImageBlockPublicAccess(QueryParams params, String region, Xml out) {
    changeBlockPublicAccess(region, false);
    out.element("imageBlockPublicAccessState", "unblocked");
  }

  private void changeBlockPublicAccess(String regionName, boolean blocked) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      region.changeBlockPublicSharing(blocked,
          cloud.now().plus(cloud.config().delays().blockPublicAccessChange()));
    }
  }

  private static String oneOf(QueryParams params, String name, Set<String> allowed, String otherwise) {
    String value = params.get(name);
    if (value == null) {
      return otherwise;
    }
    if (!allowed.contains(value)) {
      throw Ec2Errors.invalidParameterValue("Value (" + value + ") for parameter " + name
          + " is invalid. Expected one of " + allowed);
    }
    return value;
  }
}
