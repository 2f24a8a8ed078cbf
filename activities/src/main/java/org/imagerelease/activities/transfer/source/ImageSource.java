package org.imagerelease.activities.transfer.source;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.ReleaseFailureTypes;

/** Where an image file's bytes come from: an HTTP(S) server or a file, readable from any offset. */
public interface ImageSource {

  /**
   * Opens the file's bytes from {@code offset} up to {@code end} (exclusive), or to the end of the
   * file when {@code end} is negative. A source that cannot seek skips to {@code offset} itself.
   *
   * @throws org.imagerelease.activities.ReleaseException COMPOSE_NOT_FOUND when the file is gone
   * @throws IOException for anything a retry may cure
   */
  SourceBody open(long offset, long end) throws IOException;

  /** The URL or path, for messages. */
  String location();

  /**
   * The source at this address, which must be allowed, as must every address a server redirects
   * it to.
   *
   * @throws ReleaseException {@code SOURCE_NOT_ALLOWED} when the address is not allowed
   */
  static ImageSource forUri(URI uri, String imageName, TransferSettings settings, ComposeSources allowed) {
    allowed.requireAllowed("Image " + imageName, uri.toString());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> new HttpImageSource(uri, imageName, settings, allowed);
      case "file" -> new FileImageSource(uri, imageName);
      default -> throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "Image " + imageName + " has an unsupported source " + uri + "; expected http(s) or file");
    };
  }
}
