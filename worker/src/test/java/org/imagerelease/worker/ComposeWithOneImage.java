package org.imagerelease.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** A compose directory whose images.json lists one small Cloud image. */
final class ComposeWithOneImage {
  static final String IMAGE_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-Generic-42-20261124.n.0.x86_64.raw";
  static final String AMAZON_EC2_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-42-20261207.n.0.x86_64.raw.xz";

  static final String AZURE_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-Azure-42-20261207.n.0.x86_64.vhdfixed.xz";

  private ComposeWithOneImage() {}

  /** A 4 KiB raw image, what the mirror releases. */
  static Path write(Path compose, String composeId) throws IOException, NoSuchAlgorithmException {
    byte[] image = new byte[4096];
    Arrays.fill(image, (byte) 7);
    return write(compose, composeId, IMAGE_PATH, image, "raw", "raw");
  }

  /** The AmazonEC2 image AWS releases: an xz-compressed 2 MiB disk, half of it zero. */
  static Path writeAmazonEc2(Path compose, String composeId) throws IOException, NoSuchAlgorithmException {
    byte[] disk = new byte[2 << 20];
    Arrays.fill(disk, 0, 1 << 20, (byte) 7);
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      out.write(disk);
    }
    return write(compose, composeId, AMAZON_EC2_PATH, xz.toByteArray(), "raw-xz", "raw.xz");
  }

  /** The Azure image: an xz-compressed fixed VHD of a 2 MiB disk, half of it zero. */
  static Path writeAzure(Path compose, String composeId) throws IOException, NoSuchAlgorithmException {
    int disk = 2 << 20;
    byte[] vhd = new byte[disk + 512];
    Arrays.fill(vhd, 0, 1 << 20, (byte) 7);
    byte[] footer = VhdFooter.fixed(disk, Instant.parse("2026-12-07T00:00:00Z"), new UUID(42, 7));
    System.arraycopy(footer, 0, vhd, disk, footer.length);
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      out.write(vhd);
    }
    return write(compose, composeId, AZURE_PATH, xz.toByteArray(), "vhd-compressed", "vhdfixed.xz");
  }

  private static Path write(Path compose, String composeId, String path, byte[] image, String type, String format)
      throws IOException, NoSuchAlgorithmException {
    Files.createDirectories(compose.resolve(path).getParent());
    Files.write(compose.resolve(path), image);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    Files.createDirectories(compose.resolve("metadata"));
    Files.writeString(
        compose.resolve("metadata/images.json"),
        """
        {"header": {"type": "productmd.images", "version": "1.2"},
         "payload": {"compose": {"date": "20261124", "id": "%s", "respin": 0, "type": "nightly"},
          "images": {"Cloud": {"x86_64": [{"arch": "x86_64", "checksums": {"sha256": "%s"}, "format": "%s",
           "path": "%s", "size": %d, "subvariant": "Cloud_Base", "type": "%s"}]}}}}
        """
            .formatted(composeId, sha256, format, path, image.length, type));
    return compose;
  }
}
