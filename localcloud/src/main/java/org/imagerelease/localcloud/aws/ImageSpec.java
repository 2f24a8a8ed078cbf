package org.imagerelease.localcloud.aws;

import java.util.List;

/** What an AMI is made of: RegisterImage's parameters, and what CopyImage carries over. */
record ImageSpec(String name, String description, String architecture, String bootMode,
    boolean enaSupport, String sriovNetSupport, String tpmSupport, String imdsSupport,
    String uefiData, String rootDeviceName, String virtualizationType, String kernelId,
    String ramdiskId, List<BlockDeviceMapping> blockDeviceMappings) {

  ImageSpec {
    blockDeviceMappings = List.copyOf(blockDeviceMappings);
  }

  ImageSpec withCopyNaming(String newName, String newDescription,
      List<BlockDeviceMapping> newMappings) {
    return new ImageSpec(newName, newDescription, architecture, bootMode, enaSupport,
        sriovNetSupport, tpmSupport, imdsSupport, uefiData, rootDeviceName, virtualizationType,
        kernelId, ramdiskId, newMappings);
  }

  List<String> snapshotIds() {
    return blockDeviceMappings.stream()
        .filter(mapping -> mapping.ebs() != null && mapping.ebs().snapshotId() != null)
        .map(mapping -> mapping.ebs().snapshotId())
        .toList();
  }
}
