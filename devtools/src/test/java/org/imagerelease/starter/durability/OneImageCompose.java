package org.imagerelease.starter.durability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.imagerelease.workflows.model.ComposeRef;

/**
 * A compose with a single Cloud disk, written for a test: {@code blockCount} blocks of random
 * bytes, except the blocks {@code zeroBlock} picks, which are all zero, as a raw image and, where
 * asked for, as the fixed VHD Azure takes too (the same bytes and a footer). The mirror copies the
 * file verbatim, so its blocks are exactly the blocks the transfer cuts.
 *
 * @param location the compose directory, holding {@code metadata/images.json} and the image
 * @param imagePath the raw image's path relative to {@code location}
 * @param sha256 lower-case hex SHA-256 of the raw image file
 * @param zeroBlocks the all-zero blocks
 * @param vhd the fixed VHD of the same disk, when the compose has one
 */
record OneImageCompose(
    Path location, String composeId, String imagePath, int blockSize, long blockCount, String sha256, Set<Long> zeroBlocks,
    Optional<ImageFile> vhd) {

  /** An image file of the compose: its path relative to the compose and its SHA-256. */
  record ImageFile(String path, String sha256) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static OneImageCompose write(Path location, int blockSize, long blockCount, long seed, LongPredicate zeroBlock)
      throws IOException {
    return write(location, "Fedora-42-20261124.n.0", blockSize, blockCount, seed, zeroBlock);
  }

  /** The compose {@code composeId} (Fedora-&lt;release&gt;-&lt;date&gt;...), its image named after it as Pungi names them. */
  static OneImageCompose write(Path location, String composeId, int blockSize, long blockCount, long seed, LongPredicate zeroBlock)
      throws IOException {
    return write(location, composeId, blockSize, blockCount, seed, zeroBlock, false);
  }

  /**
   * As {@link #write(Path, String, int, long, long, LongPredicate)}; {@code withVhd} adds the
   * same disk as an uncompressed fixed VHD ({@code type} and {@code format} {@code vhd}), for
   * Azure. Its data must then be a whole number of MiB.
   */
  static OneImageCompose write(
      Path location, String composeId, int blockSize, long blockCount, long seed, LongPredicate zeroBlock, boolean withVhd)
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
    ArrayNode listed = JSON.createArrayNode();
    listed.add(imageEntry(imagePath, "raw", blockSize * blockCount, sha256));
    Optional<ImageFile> vhd = Optional.empty();
    if (withVhd) {
      String vhdPath = imagePath.replace("-Generic-", "-Azure-").replaceFirst("\\.raw$", ".vhd");
      vhd = Optional.of(new ImageFile(vhdPath, appendFooter(image, location.resolve(vhdPath), blockSize * blockCount, seed)));
      listed.add(imageEntry(vhdPath, "vhd", blockSize * blockCount + VhdFooter.SIZE, vhd.get().sha256()));
    }
    writeImagesJson(location, composeId, listed);
    return new OneImageCompose(location, composeId, imagePath, blockSize, blockCount, sha256, Set.copyOf(zeroBlocks), vhd);
  }

  /** Writes a copy of the raw image {@code raw} of {@code size} bytes with a fixed VHD footer after it; returns its SHA-256. */
  private static String appendFooter(Path raw, Path vhd, long size, long seed) throws IOException {
    Files.copy(raw, vhd);
    byte[] footer = VhdFooter.fixed(size, Instant.parse("2026-12-07T00:00:00Z"), new UUID(seed, size));
    Files.write(vhd, footer, StandardOpenOption.APPEND);
    MessageDigest digest = sha256Digest();
    digest.update(Files.readAllBytes(vhd));
    return HexFormat.of().formatHex(digest.digest());
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

  /** productmd 1.2 {@code images.json} listing {@code images}, all Cloud_Base x86_64 images. */
  private static void writeImagesJson(Path location, String composeId, ArrayNode images) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("header").put("type", "productmd.images").put("version", "1.2");
    ObjectNode payload = root.putObject("payload");
    payload.putObject("compose").put("date", "20261124").put("id", composeId).put("respin", 0).put("type", "nightly");
    payload.putObject("images").putObject("Cloud").set("x86_64", images);
    Path file = location.resolve("metadata/images.json");
    Files.createDirectories(file.getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  /** One image as productmd lists it; {@code type} is its format too ({@code raw}, {@code vhd}). */
  private static ObjectNode imageEntry(String path, String type, long size, String sha256) {
    ObjectNode image = JSON.createObjectNode();
    image.put("arch", "x86_64");
    image.put("bootable", false);
    image.putObject("checksums").put("sha256", sha256);
    image.put("disc_count", 1);
    image.put("disc_number", 1);
    image.put("format", type);
    image.put("mtime", 1795500000L);
    image.put("path", path);
    image.put("size", size);
    image.put("subvariant", "Cloud_Base");
    image.put("type", type);
    return image;
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
