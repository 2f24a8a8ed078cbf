package org.imagerelease.devtools.demo;

/**
 * Which targets a demo releases to: the mirror, AWS through the local AWS endpoint, Azure through
 * the local ARM endpoint and Azurite (or the embedded Blob service), or all of them.
 */
public enum DemoTargets {
  ALL,
  MIRROR,
  AWS,
  AZURE;

  boolean mirror() {
    return this == ALL || this == MIRROR;
  }

  boolean aws() {
    return this == ALL || this == AWS;
  }

  boolean azure() {
    return this == ALL || this == AZURE;
  }
}
