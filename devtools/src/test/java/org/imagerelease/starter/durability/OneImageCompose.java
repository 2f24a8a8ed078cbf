package org.imagerelease.starter.durability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.imagerelease.workflows.model.ComposeRef;

/**
 * A compose with a single Cloud image, written for a test: {@code blockCount} blocks of random
 * bytes, except the blocks {@code zeroBlock} picks, which are all zero. The mirror copies the file
 * verbatim, so its blocks are exactly the blocks the transfer cuts.
 *
 * @param location the compose directory, holding {@code metadata/images.json} and the image
 * @param imagePath the image's path relative to {@code location}
 * @param sha256 lower-case hex SHA-256 of the image file
 * @param zeroBlocks the all-zero blocks
 */
record OneImageCompose(
    Path location, String composeId, String imagePath, int blockSize, long blockCount, String sha256, Set<Long> zeroBlocks) {

  static OneImageCompose write(Path location, int blockSize, long blockCount, long seed, LongPredicate zeroBlock)
      throws IOException {
    return write(location, "Fedora-42-20261124.n.0", blockSize, blockCount, seed, zeroBlock);
  }

  /** The compose {@code composeId} (Fedora-&lt;release&gt;-&lt;date&gt;...), its image named after it as Pungi names them. */
  static OneImageCompose write(Path location, String composeId, int blockSize, long blockCount, long seed, LongPredicate zeroBlock)
      throws IOException {
    String imagePath = "Cloud/x86_64/images/" + composeId.replaceFirst("^Fedora-", "Fedora-Cloud-Base-Generic-") + ".x86_64.raw";
    Path image = location.resolve(imagePath);
    Files.createDirectories(image.getParent());
    MessageDigest digest = sha256Digest();
    SplittableRandom random = new SplittableRandom(seed);
    Set<Long> zeroBlocks = new TreeSet<>();
    byte[] block = new byte[blockSize];
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(image), digest)) {
      for (long index = 0; index < blockCount; index++) {
        if (zeroBlock.test(index)) {
          zeroBlocks.add(index);
          out.write(new byte[blockSize]);
        } else {
          random.nextBytes(block);
          out.write(block);
        }
      }
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    writeImagesJson(location, composeId, imagePath, blockSize * blockCount, sha256);
    return new OneImageCompose(location, composeId, imagePath, blockSize, blockCount, sha256, Set.copyOf(zeroBlocks));
  }

  /** The compose as served over HTTP from {@code baseUri}. */
  ComposeRef composeRef(URI baseUri) {
    String base = baseUri.toString();
    return new ComposeRef(composeId, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }

  Set<Long> nonZeroBlocks() {
    Set<Long> blocks = new TreeSet<>();
    for (long index = 0; index < blockCount; index++) {
      if (!zeroBlocks.contains(index)) {
        blocks.add(index);
      }
    }
    return blocks;
  }

  String fileName() {
    return imagePath.substring(imagePath.lastIndexOf('/') + 1);
  }

  /** productmd 1.2 {@code images.json} listing the one image. */
  private static void writeImagesJson(Path location, String composeId, String imagePath, long size, String sha256)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.putObject("header").put("type", "productmd.images").put("version", "1.2");
    ObjectNode payload = root.putObject("payload");
    payload.putObject("compose").put("date", "20261124").put("id", composeId).put("respin", 0).put("type", "nightly");
    ObjectNode image = payload.putObject("images").putObject("Cloud").putArray("x86_64").addObject();
    image.put("arch", "x86_64");
    image.put("bootable", false);
    image.putObject("checksums").put("sha256", sha256);
    image.put("disc_count", 1);
    image.put("disc_number", 1);
    image.put("format", "raw");
    image.put("mtime", 1795500000L);
    image.put("path", imagePath);
    image.put("size", size);
    image.put("subvariant", "Cloud_Base");
    image.put("type", "raw");
    Path file = location.resolve("metadata/images.json");
    Files.createDirectories(file.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
