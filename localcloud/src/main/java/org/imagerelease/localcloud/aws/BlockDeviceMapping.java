package org.imagerelease.localcloud.aws;

/**
 * One block device of an AMI, as RegisterImage takes and DescribeImages returns it.
 *
 * @param ebs null for instance-store and suppressed ({@code noDevice}) devices
 */
record BlockDeviceMapping(String deviceName, String virtualName, String noDevice, Ebs ebs) {

  /** An EBS volume made from a snapshot when an instance launches. */
  record Ebs(String snapshotId, Integer volumeSize, String volumeType,
      boolean deleteOnTermination, Integer iops, Integer throughput, boolean encrypted,
      String kmsKeyId) {

    Ebs withSnapshot(String newSnapshotId) {
      return new Ebs(newSnapshotId, volumeSize, volumeType, deleteOnTermination, iops,
          throughput, encrypted, kmsKeyId);
    }
  }

  BlockDeviceMapping withEbs(Ebs newEbs) {
    return new BlockDeviceMapping(deviceName, virtualName, noDevice, newEbs);
  }
}
