package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two shapes of .xz file the bench compares: what {@code xz -T0} and {@code xz -T1} write. */
public enum XzLayoutKind {
  /** Independent blocks of a fixed size; the pipeline decodes them on all cores. */
  MULTI_BLOCK("multi-block"),
  /** One block; the pipeline decodes it as one sequential stream. */
  SINGLE_BLOCK("single-block");

  private final String label;

  XzLayoutKind(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }
}
