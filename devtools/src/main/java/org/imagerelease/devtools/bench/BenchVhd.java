package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import org.imagerelease.localcloud.bench.ImageCompressor;
import org.imagerelease.localcloud.bench.SparseImage;
import org.imagerelease.localcloud.bench.SparseImageGenerator;
import org.imagerelease.localcloud.bench.SparseImageSpec;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.imagerelease.starter.cli.Sizes;

/**
 * The Azure part's image: the bench's raw image with a fixed VHD footer after it, compressed
 * multi-block as Fedora ships its Azure image ({@code .vhdfixed.xz}). Kept in the cache beside
 * the image set it matches, found again by the same key, so only the first run of a size waits.
 */
final class BenchVhd {
  static final String FILE_NAME = "bench.vhdfixed.xz";
  private static final String MANIFEST = "vhd.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A fixed time and identity, so the same spec always makes the same bytes. */
  private static final Instant CREATED = Instant.parse("2024-10-27T00:00:00Z");

  private BenchVhd() {}

  /**
   * What the cache keeps beside the file ({@code vhd.json}).
   *
   * @param file the .vhdfixed.xz
   * @param dataBytes bytes of data in the disk; the rest are holes
   * @param createdAt when it was made, ISO-8601
   * @param preparationSeconds how long writing and compressing it took
   */
  record Manifest(BenchFile file, long dataBytes, String createdAt, double preparationSeconds) {}

  /** The VHD for a spec: the directory that holds {@link #FILE_NAME}, and what it is. */
  record Prepared(Path directory, Manifest manifest, boolean fromCache) {
    BenchFile file() {
      return manifest.file();
    }

    /** The report's image when the VHD is all this run made. */
    BenchReport.Image image(SparseImageSpec spec) {
      return new BenchReport.Image(spec.virtualSize(), spec.dataFraction(), manifest.dataBytes(), spec.seed(),
          directory.toString(), fromCache, fromCache ? 0 : manifest.preparationSeconds(), manifest.createdAt(), true);
    }
  }

  static Prepared prepare(ImageCache cache, SparseImageSpec spec, PrintWriter progress) throws IOException {
    Path directory = cache.root().resolve(cache.key(spec) + "-vhdfixed");
    Path manifest = directory.resolve(MANIFEST);
    if (Files.isRegularFile(manifest)) {
      Manifest cached = JSON.readValue(manifest.toFile(), Manifest.class);
      Path file = directory.resolve(FILE_NAME);
      if (Files.isRegularFile(file) && Files.size(file) == cached.file().size()) {
        progress.printf("Fixed VHD for %s: from the cache in %s (made %s)%n", ByteSize.format(spec.virtualSize()), directory,
            cached.createdAt());
        progress.flush();
        return new Prepared(directory, cached, true);
      }
    }
    Path partial = cache.scratch(directory.getFileName() + ".partial");
    ImageCache.deleteTree(partial);
    Files.createDirectories(partial);
    try {
      progress.printf("Writing a %s fixed VHD (the raw image and a VHD footer)...%n", ByteSize.format(spec.virtualSize()));
      progress.flush();
      long started = System.nanoTime();
      Path vhd = partial.resolve("bench.vhd");
      SparseImage raw = new SparseImageGenerator(spec).write(vhd);
      appendFooter(vhd, spec);
      double generation = (System.nanoTime() - started) / 1e9;
      progress.printf("  written in %.1f s: %s of data; compressing it multi-block...%n", generation, Sizes.bytes(raw.dataBytes()));
      progress.flush();
      BenchFile file = BenchFile.of(XzLayoutKind.MULTI_BLOCK,
          ImageCompressor.defaults().multiBlock(vhd, partial.resolve(FILE_NAME)));
      progress.printf("  %s: %s, %d blocks, %.1f s%n", file.tool(), Sizes.bytes(file.size()), file.xzBlocks(),
          file.compressionSeconds());
      progress.flush();
      Files.delete(vhd);
      Manifest made = new Manifest(file, raw.dataBytes(), Instant.now().toString(), (System.nanoTime() - started) / 1e9);
      JSON.writeValue(partial.resolve(MANIFEST).toFile(), made);
      ImageCache.deleteTree(directory);
      Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
      return new Prepared(directory, made, false);
    } finally {
      ImageCache.deleteTree(partial);
    }
  }

  /** Writes the footer at byte {@code virtualSize}: the file becomes a fixed VHD, still sparse. */
  private static void appendFooter(Path vhd, SparseImageSpec spec) throws IOException {
    UUID identity = UUID.nameUUIDFromBytes(("image-release bench " + spec.seed()).getBytes(StandardCharsets.UTF_8));
    byte[] footer = VhdFooter.fixed(spec.virtualSize(), CREATED, identity);
    try (FileChannel channel = FileChannel.open(vhd, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(footer);
      long position = spec.virtualSize();
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
    }
  }
}
