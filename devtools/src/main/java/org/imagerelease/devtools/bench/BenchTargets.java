package org.imagerelease.devtools.bench;

/**
 * What a bench measures: the transfer pipeline against native tools (the mirror's work and a
 * cloud sink's), the AWS target's upload into the local AWS endpoint, the Azure target's page
 * blob upload into local Blob storage, or all of them in one run so their figures sit side by
 * side.
 */
public enum BenchTargets {
  MIRROR,
  AWS,
  AZURE,
  ALL;

  public boolean mirror() {
    return this == MIRROR || this == ALL;
  }

  public boolean aws() {
    return this == AWS || this == ALL;
  }

  public boolean azure() {
    return this == AZURE || this == ALL;
  }
}
