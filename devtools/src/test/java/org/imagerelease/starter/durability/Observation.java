package org.imagerelease.starter.durability;

import java.util.Set;
import java.util.TreeSet;

/**
 * One line of an {@link ObservationLog}: what a worker process saw happen, in its order.
 *
 * @param pid the worker process
 * @param attempt Temporal's attempt number of the upload it happened in; 0 outside an activity
 * @param kind what happened
 * @param detail a block's number, length, target and image ({@link Kind#ACCEPTED}, with the location: {@code
 *     12 65536 aws us-east-1 Fedora-Cloud-Base-Generic-42-20261207.n.0.x86_64.raw}), done blocks as ranges such as
 *     {@code 0-9,12} ({@link Kind#RESUMED}, {@link Kind#CHECKPOINTED}; {@code -} for none), or
 *     free text
 */
record Observation(long pid, int attempt, Kind kind, String detail) {

  enum Kind {
    /** The worker process polls the task queue. */
    STARTED,
    /** An upload attempt began, resuming from the done blocks of the checkpoint it was given. */
    RESUMED,
    /** The sink's accept returned for a block. */
    ACCEPTED,
    /** The pipeline offered a checkpoint to the heartbeat. */
    CHECKPOINTED,
    /** The upload attempt returned normally. */
    TRANSFERRED,
    /** The upload attempt threw. */
    FAILED,
    /** The worker's shutdown hook finished its graceful stop. */
    STOPPED
  }

  static final String NONE = "-";

  String toLine() {
    return pid + " " + attempt + " " + kind + " " + (detail.isEmpty() ? NONE : detail) + "\n";
  }

  static Observation parse(String line) {
    String[] fields = line.split(" ", 4);
    if (fields.length != 4) {
      throw new IllegalArgumentException("not an observation: " + line);
    }
    return new Observation(
        Long.parseLong(fields[0]), Integer.parseInt(fields[1]), Kind.valueOf(fields[2]), fields[3]);
  }

  /** The block of an {@link Kind#ACCEPTED} line. */
  long block() {
    return Long.parseLong(acceptedFields()[0]);
  }

  /** The bytes of the block of an {@link Kind#ACCEPTED} line. */
  long length() {
    return Long.parseLong(acceptedFields()[1]);
  }

  /** Which upload (target, location, image) an {@link Kind#ACCEPTED} line's block belongs to. */
  String upload() {
    String[] fields = acceptedFields();
    return fields[2] + " " + fields[3] + " " + fields[4];
  }

  private String[] acceptedFields() {
    String[] fields = detail.split(" ", 5);
    if (kind != Kind.ACCEPTED || fields.length != 5) {
      throw new IllegalStateException("not an accepted block: " + toLine());
    }
    return fields;
  }

  /** The done blocks of a {@link Kind#RESUMED} or {@link Kind#CHECKPOINTED} line, expanded. */
  Set<Long> blocks() {
    Set<Long> blocks = new TreeSet<>();
    if (detail.equals(NONE)) {
      return blocks;
    }
    for (String range : detail.split(",")) {
      int dash = range.indexOf('-');
      long first = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
      long last = dash < 0 ? first : Long.parseLong(range.substring(dash + 1));
      for (long block = first; block <= last; block++) {
        blocks.add(block);
      }
    }
    return blocks;
  }
}
