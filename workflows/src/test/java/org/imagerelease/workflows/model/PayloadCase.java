package org.imagerelease.workflows.model;

import java.lang.reflect.Type;

/**
 * One payload type held against the previous version.
 *
 * @param name the recorded payload, {@code payloads/<version>/<name>.json}
 * @param type the type Temporal decodes it as, with its type arguments
 * @param readFromPrevious what the recorded payload must read as today
 * @param writtenNow a value as this version writes it, with the fields added since set; it keeps
 *     the recorded value's list lengths and map keys, so their elements can be compared one by one
 */
public record PayloadCase(String name, Type type, Object readFromPrevious, Object writtenNow) {

  /** A type that has not changed since the recording: the sample reads and writes the same. */
  public static PayloadCase unchanged(Class<?> type, Object sample) {
    return new PayloadCase(type.getSimpleName(), type, sample, sample);
  }

  /** A type that gained fields: the recorded payload reads with them absent. */
  public static PayloadCase changed(Class<?> type, Object readFromPrevious, Object writtenNow) {
    return new PayloadCase(type.getSimpleName(), type, readFromPrevious, writtenNow);
  }
}
