package org.imagerelease.activities.compose;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * Where a compose's top {@code compose/} directory lives: an http(s) URL or a local directory.
 * Knows the address of {@code metadata/images.json} and of every image, and guarantees that an
 * image address stays inside the compose whatever the metadata says.
 */
public sealed interface ComposeLocation {

  /** The address of the compose's {@code metadata/images.json}. */
  URI metadataUri();

  /**
   * The address of the image's file, {@code <location>/<path>}, checked to stay inside the compose.
   *
   * @throws ReleaseException of type {@code INVALID_COMPOSE_METADATA} when the path would leave it
   * @throws IOException when a local file exists but cannot be resolved
   */
  URI imageSource(ImageArtifact image) throws IOException;

  /**
   * The location of a {@link org.imagerelease.workflows.model.ComposeRef#location()}: an {@code
   * http://} or {@code https://} URL, a {@code file:} URI or a directory path.
   *
   * @throws ReleaseException of type {@code COMPOSE_NOT_FOUND} for any other kind of location
   */
  static ComposeLocation parse(String location) {
    if (Http.SCHEME.matcher(location).lookingAt()) {
      URI uri;
      try {
        uri = new URI(location);
      } catch (URISyntaxException e) {
        throw notUsable(location, "it is not a valid URI: " + e.getMessage());
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("http") || scheme.equals("https")) {
        return Http.of(uri);
      }
      if (scheme.equals("file")) {
        try {
          return Directory.of(Path.of(uri));
        } catch (IllegalArgumentException e) {
          throw notUsable(location, e.getMessage());
        }
      }
      throw notUsable(location, "only http, https and file locations are supported");
    }
    try {
      return Directory.of(Path.of(location));
    } catch (InvalidPathException e) {
      throw notUsable(location, e.getMessage());
    }
  }

  private static ReleaseException notUsable(String location, String why) {
    return new ReleaseException(
        ReleaseFailureTypes.COMPOSE_NOT_FOUND,
        "Compose location '" + location + "' is not usable: " + why);
  }

  private static ReleaseException escapes(ImageArtifact image, String location, String why) {
    return new ReleaseException(
        ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
        "Invalid compose metadata: field 'path' of image "
            + ImagesMetadataParser.quoted(image.path())
            + " (variant "
            + image.variant()
            + ", arch "
            + image.arch()
            + ") "
            + why
            + " of compose location "
            + location);
  }

  /**
   * A compose served over http(s).
   *
   * @param base the compose URL, normalized, without query or fragment, ending in {@code /}
   */
  record Http(URI base) implements ComposeLocation {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    static Http of(URI uri) {
      if (uri.getHost() == null) {
        throw notUsable(uri.toString(), "the URL has no host");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw notUsable(uri.toString(), "the URL must not have a query or fragment");
      }
      String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
      path = path.endsWith("/") ? path : path + "/";
      try {
        URI base =
            new URI(uri.getScheme().toLowerCase(Locale.ROOT), uri.getAuthority(), path, null, null)
                .normalize();
        if (base.getPath().contains("/../") || base.getPath().startsWith("/..")) {
          throw notUsable(uri.toString(), "the URL path leaves its root");
        }
        return new Http(base);
      } catch (URISyntaxException e) {
        throw notUsable(uri.toString(), e.getMessage());
      }
    }

    @Override
    public URI metadataUri() {
      return base.resolve("metadata/images.json");
    }

    @Override
    public URI imageSource(ImageArtifact image) {
      ComposePath.whyUnsafe(image.path())
          .ifPresent(
              why -> {
                throw escapes(image, base.toString(), why + ", so it is not read");
              });
      URI resolved;
      try {
        resolved =
            new URI(
                    base.getScheme(),
                    base.getAuthority(),
                    base.getPath() + image.path(),
                    null,
                    null)
                .normalize();
      } catch (URISyntaxException e) {
        throw escapes(image, base.toString(), "is not usable in a URL (" + e.getMessage() + ")");
      }
      boolean sameServer =
          base.getScheme().equalsIgnoreCase(resolved.getScheme())
              && base.getHost().equalsIgnoreCase(resolved.getHost())
              && base.getPort() == resolved.getPort();
      if (!sameServer
          || !resolved.getPath().startsWith(base.getPath())
          || resolved.getPath().equals(base.getPath())) {
        throw escapes(image, base.toString(), "resolves to " + resolved + ", outside");
      }
      return resolved;
    }
  }

  /**
   * A compose in a local (or mounted) directory.
   *
   * @param directory the compose directory, absolute and normalized
   */
  record Directory(Path directory) implements ComposeLocation {
    static Directory of(Path path) {
      return new Directory(path.toAbsolutePath().normalize());
    }

    @Override
    public URI metadataUri() {
      return directory.resolve("metadata").resolve("images.json").toUri();
    }

    @Override
    public URI imageSource(ImageArtifact image) throws IOException {
      ComposePath.whyUnsafe(image.path())
          .ifPresent(
              why -> {
                throw escapes(image, directory.toString(), why + ", so it is not read");
              });
      Path file;
      try {
        file = directory.resolve(image.path()).normalize();
      } catch (InvalidPathException e) {
        throw escapes(
            image, directory.toString(), "is not a usable file name (" + e.getMessage() + ")");
      }
      if (!file.startsWith(directory) || file.equals(directory)) {
        throw escapes(image, directory.toString(), "resolves to " + file + ", outside");
      }
      // A symlink inside the compose could still point anywhere on this host.
      if (Files.exists(file)) {
        Path real = file.toRealPath();
        if (!real.startsWith(directory.toRealPath())) {
          throw escapes(image, directory.toString(), "is a link to " + real + ", outside");
        }
      }
      return file.toUri();
    }
  }
}
