package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The two comparisons the bench makes on each file, each at equal work on both sides: the
 * pipeline alone, and the pipeline feeding a sink that costs what a cloud's does.
 */
public enum BenchRow {
  /**
   * Fetch, SHA-256 of the compressed file, decode. Ours cuts blocks and skips zero ones into a
   * sink that only counts and asks for no block digests.
   */
  PIPELINE("pipeline", "counting sink: stores nothing, no block digests"),
  /**
   * The same, and the decoded image hashed. Ours hashes every non-zero 512 KiB block and uploads
   * it over loopback HTTP to a server that checks its SHA-256, folding the digests into the
   * LINEAR checksum the snapshot is completed with.
   */
  CLOUD_SINK("cloud sink", "snapshot upload sink: SHA-256 per non-zero 512 KiB block, each PUT over loopback HTTP "
      + "to a server in the bench's process that checks it, digests folded into the LINEAR checksum checked at completion");

  private final String label;
  private final String oursSink;

  BenchRow(String label, String oursSink) {
    this.label = label;
    this.oursSink = oursSink;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** What our side's sink does in this row. */
  public String oursSink() {
    return oursSink;
  }
}
