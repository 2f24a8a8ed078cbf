package org.imagerelease.devtools.bench;

/**
 * What a bench measures: the transfer pipeline against native tools (the mirror's work and a
 * cloud sink's), the AWS target's upload into the local AWS endpoint, or both in one run so
 * their figures sit side by side.
 */
public enum BenchTargets {
  MIRROR,
  AWS,
  ALL;

  public boolean mirror() {
    return this != AWS;
  }

  public boolean aws() {
    return this != MIRROR;
  }
}
