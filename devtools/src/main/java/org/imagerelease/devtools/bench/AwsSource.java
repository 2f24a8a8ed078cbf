package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the bench's AWS part uploads. The multi-block .xz is what a release reads; on a machine
 * with few cores its decoding, not the upload, sets the pace. The same image uncompressed takes
 * decoding out, so the figure is what the upload itself sustains against the endpoint.
 */
public enum AwsSource {
  XZ("multi-block .xz", "raw-xz", "raw.xz"),
  RAW("uncompressed raw", "raw", "raw");

  private final String label;
  private final String type;
  private final String format;

  AwsSource(String label, String type, String format) {
    this.label = label;
    this.type = type;
    this.format = format;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** The productmd type of the image, as images.json would list it. */
  public String type() {
    return type;
  }

  /** The productmd format, which tells the pipeline how to decode it. */
  public String format() {
    return format;
  }
}
