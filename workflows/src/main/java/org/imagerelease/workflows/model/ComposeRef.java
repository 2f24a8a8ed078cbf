package org.imagerelease.workflows.model;

/**
 * A finished compose: its id (e.g. {@code Fedora-41-20241027.0}) and where its top
 * {@code compose/} directory lives, as an http(s) URL or a local directory path.
 * The images metadata is read from {@code <location>/metadata/images.json}.
 */
public record ComposeRef(String composeId, String location) {
  public ComposeRef {
    requireText(composeId, "composeId");
    requireText(location, "location");
  }

  static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
  }
}
