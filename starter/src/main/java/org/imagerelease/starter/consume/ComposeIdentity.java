package org.imagerelease.starter.consume;

import java.io.IOException;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeReader;

/**
 * Which compose a location holds, by its own metadata. A release is keyed on the compose id, so
 * the id a message claims is checked against this before a release is started: a message that
 * points an id at another compose must not take the id from the genuine one.
 */
@FunctionalInterface
public interface ComposeIdentity {
  /**
   * The id in the location's {@code metadata/images.json}.
   *
   * @throws ReleaseException when there is no such metadata or it is invalid: no retry helps
   * @throws IOException when it could not be read now
   */
  String composeIdAt(String location) throws IOException, InterruptedException;

  /** Reads {@code images.json} as a release would. */
  static ComposeIdentity fromMetadata(ComposeReader reader) {
    return location -> reader.readAt(location).compose().id();
  }
}
