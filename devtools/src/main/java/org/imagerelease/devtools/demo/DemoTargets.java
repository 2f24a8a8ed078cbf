package org.imagerelease.devtools.demo;

/** Which targets a demo releases to: the mirror, AWS through the local AWS endpoint, or both. */
public enum DemoTargets {
  ALL,
  MIRROR,
  AWS;

  boolean mirror() {
    return this != AWS;
  }

  boolean aws() {
    return this != MIRROR;
  }
}
