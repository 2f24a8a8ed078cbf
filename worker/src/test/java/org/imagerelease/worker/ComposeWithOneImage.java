package org.imagerelease.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A compose directory whose images.json lists one small Cloud image. */
final class ComposeWithOneImage {
  static final String IMAGE_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-Generic-42-20261124.n.0.x86_64.raw";

  private ComposeWithOneImage() {}

  static Path write(Path compose, String composeId) throws IOException, NoSuchAlgorithmException {
    byte[] image = new byte[4096];
    Arrays.fill(image, (byte) 7);
    Files.createDirectories(compose.resolve(IMAGE_PATH).getParent());
    Files.write(compose.resolve(IMAGE_PATH), image);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    Files.createDirectories(compose.resolve("metadata"));
    Files.writeString(
        compose.resolve("metadata/images.json"),
        """
        {"header": {"type": "productmd.images", "version": "1.2"},
         "payload": {"compose": {"date": "20261124", "id": "%s", "respin": 0, "type": "nightly"},
          "images": {"Cloud": {"x86_64": [{"arch": "x86_64", "checksums": {"sha256": "%s"}, "format": "raw",
           "path": "%s", "size": %d, "subvariant": "Cloud_Base", "type": "raw"}]}}}}
        """
            .formatted(composeId, sha256, IMAGE_PATH, image.length));
    return compose;
  }
}
