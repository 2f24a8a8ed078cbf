package org.imagerelease.activities.mirror;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * One mirror tree the mirror network's seeds pick images up from.
 *
 * @param name the location name releases use for it, e.g. {@code dl-primary}
 * @param directory the tree's top directory; made absolute and normalized
 * @param publicBaseUrl where the tree is served, e.g. {@code https://dl.example.org/pub/cloud/};
 *     empty when it is not served, and always ending in {@code /} otherwise
 */
public record MirrorRoot(String name, Path directory, String publicBaseUrl) {
  public MirrorRoot {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("mirror root name must not be empty");
    }
    if (directory == null) {
      throw new IllegalArgumentException("mirror root " + name + " needs a directory");
    }
    directory = directory.toAbsolutePath().normalize();
    if (directory.getParent() == null) {
      throw new IllegalArgumentException(
          "mirror root " + name + " must not be the file system root");
    }
    publicBaseUrl =
        publicBaseUrl == null || publicBaseUrl.isBlank() ? "" : withSlash(publicBaseUrl.trim());
  }

  /** The public address of a path relative to this root; empty when the root is not served. */
  public String publicUrl(String relativePath) {
    if (publicBaseUrl.isEmpty()) {
      return "";
    }
    try {
      return publicBaseUrl + new URI(null, null, relativePath, null).getRawPath();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("path " + relativePath + " cannot be part of a URL", e);
    }
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}
