package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.imagerelease.activities.Sha256;
import org.imagerelease.workflows.model.ImageArtifact;

/** Size and SHA-256 of a file on disk, to recognize an image an earlier attempt already placed. */
record FileFingerprint(long size, String sha256) {

  static FileFingerprint of(Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    long size = 0;
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        size += n;
      }
    }
    return new FileFingerprint(size, Sha256.hex(digest));
  }

  /**
   * Whether the file is the image: same size (checked first, cheaply) and same SHA-256. A link is
   * never the image, whatever it points to.
   */
  static boolean holdsImage(Path file, ImageArtifact image) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != image.size()) {
      return false;
    }
    return of(file).sha256().equals(image.sha256());
  }
}
