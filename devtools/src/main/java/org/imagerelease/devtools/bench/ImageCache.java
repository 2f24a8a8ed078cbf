package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.imagerelease.devtools.FileTrees;
import org.imagerelease.localcloud.bench.ImageCompressor;
import org.imagerelease.localcloud.bench.SparseImage;
import org.imagerelease.localcloud.bench.SparseImageGenerator;
import org.imagerelease.localcloud.bench.SparseImageSpec;
import org.imagerelease.starter.cli.Sizes;

/**
 * Benchmark images kept between runs: generating and compressing a 4 GiB image takes minutes on
 * two cores, so each image set is made once and found again by what made it (size, data share,
 * seed, xz preset, block size, encoder). A set is built in a scratch directory of its own and
 * renamed into place when complete, so an interrupted run leaves nothing that looks finished, and
 * the next run clears what it left.
 */
final class ImageCache {
  static final String MANIFEST = "manifest.json";
  private static final String SCRATCH = ".scratch-";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final int preset;
  private final int xzBlockSize;
  private final ImageCompressor compressor;

  /**
   * @param root the cache directory
   * @param preset xz preset of both files
   * @param xzBlockSize uncompressed bytes per block of the multi-block file
   */
  ImageCache(Path root, int preset, int xzBlockSize) {
    this.root = root;
    this.preset = preset;
    this.xzBlockSize = xzBlockSize;
    this.compressor = new ImageCompressor(preset, xzBlockSize, true);
  }

  /** The cache with xz's defaults of this project: preset 1, 4 MiB blocks. */
  static ImageCache at(Path root) {
    return new ImageCache(root, ImageCompressor.DEFAULT_PRESET, ImageCompressor.DEFAULT_BLOCK_SIZE);
  }

  Path root() {
    return root;
  }

  /** The default cache: {@code $XDG_CACHE_HOME/image-release/bench}, else {@code ~/.cache/image-release/bench}. */
  static Path defaultRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("image-release").resolve("bench");
  }

  /** An image set ready to serve, and whether it came from the cache. */
  record Prepared(Path directory, ImageSet images, boolean fromCache, double preparationSeconds) {}

  /** The directory name of a set: everything that decides its bytes. */
  String key(SparseImageSpec spec) {
    return String.format(Locale.ROOT, "%dMiB-data%.2f-seed%d-extents%dK-%dK-xz%d-%dKblocks-%s",
        spec.virtualSize() >> 20, spec.dataFraction(), spec.seed(), spec.minExtent() >> 10,
        spec.maxExtent() >> 10, preset, xzBlockSize >> 10,
        compressor.encoder() == ImageCompressor.Encoder.NATIVE_XZ ? "xz" : "xzjava");
  }

  /** The set for {@code spec}, from the cache or made now (saying so on {@code progress}). */
  Prepared prepare(SparseImageSpec spec, PrintWriter progress) throws IOException {
    Path directory = root.resolve(key(spec));
    ImageSet cached = readCached(directory);
    if (cached != null) {
      progress.printf("Images for %s: from the cache in %s (made %s)%n",
          ByteSize.format(spec.virtualSize()), directory, cached.createdAt());
      progress.flush();
      return new Prepared(directory, cached, true, 0);
    }
    long started = System.nanoTime();
    Path partial = scratch(key(spec) + ".partial");
    deleteTree(partial);
    Files.createDirectories(partial);
    try {
      ImageSet made = make(spec, partial, progress);
      JSON.writeValue(partial.resolve(MANIFEST).toFile(), made);
      publish(partial, directory);
      ImageSet images = readCached(directory);
      double took = (System.nanoTime() - started) / 1e9;
      progress.printf("Images cached in %s: the next run with the same --size and --data-fraction "
          + "skips the %.0f s this took%n", directory, took);
      progress.flush();
      return new Prepared(directory, images, false, took);
    } finally {
      deleteTree(partial);
    }
  }

  private ImageSet make(SparseImageSpec spec, Path directory, PrintWriter progress) throws IOException {
    Path raw = directory.resolve("bench.raw");
    progress.printf("Generating a %s raw image, %.0f%% data, seed %d (cached afterwards)...%n",
        ByteSize.format(spec.virtualSize()), spec.dataFraction() * 100, spec.seed());
    progress.flush();
    long started = System.nanoTime();
    SparseImage image = new SparseImageGenerator(spec).write(raw);
    double generation = (System.nanoTime() - started) / 1e9;
    progress.printf("  written in %.1f s: %s of data in %d extents%n", generation,
        Sizes.bytes(image.dataBytes()), image.extents());
    progress.printf("Compressing it multi-block...%n");
    progress.flush();
    BenchFile multi = BenchFile.of(XzLayoutKind.MULTI_BLOCK,
        compressor.multiBlock(raw, directory.resolve("bench-multi-block.raw.xz")));
    progress.printf("  %s: %s, %d blocks, %.1f s%n", multi.tool(), Sizes.bytes(multi.size()),
        multi.xzBlocks(), multi.compressionSeconds());
    progress.printf("Compressing it single-block...%n");
    progress.flush();
    BenchFile single = BenchFile.of(XzLayoutKind.SINGLE_BLOCK,
        compressor.singleBlock(raw, directory.resolve("bench-single-block.raw.xz")));
    progress.printf("  %s: %s, %d block, %.1f s%n", single.tool(), Sizes.bytes(single.size()),
        single.xzBlocks(), single.compressionSeconds());
    progress.flush();
    Files.delete(raw);
    return new ImageSet(spec.virtualSize(), spec.dataFraction(), spec.seed(), image.dataBytes(),
        Instant.now().toString(), generation, List.of(multi, single));
  }

  /**
   * A path in the cache for this process's work in progress, {@code <name>.scratch-<pid>}. What a
   * killed run left under such a name is removed by the next run ({@link #removeAbandonedScratch}).
   */
  Path scratch(String name) throws IOException {
    Files.createDirectories(root);
    return root.resolve(name + SCRATCH + ProcessHandle.current().pid());
  }

  /** Removes scratch files and directories whose process is gone: an interrupted generation or check. */
  void removeAbandonedScratch() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> abandoned;
    try (Stream<Path> entries = Files.list(root)) {
      abandoned = entries.filter(ImageCache::isAbandonedScratch).toList();
    }
    for (Path path : abandoned) {
      deleteTree(path);
    }
  }

  private static boolean isAbandonedScratch(Path path) {
    String name = path.getFileName().toString();
    int at = name.lastIndexOf(SCRATCH);
    if (at < 0) {
      return false;
    }
    try {
      long pid = Long.parseLong(name.substring(at + SCRATCH.length()));
      return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The set in {@code directory} if it is complete, else null. */
  private static ImageSet readCached(Path directory) throws IOException {
    Path manifest = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    ImageSet images = JSON.readValue(manifest.toFile(), ImageSet.class);
    for (BenchFile file : images.files()) {
      Path path = directory.resolve(file.fileName());
      if (!Files.isRegularFile(path) || Files.size(path) != file.size()) {
        return null;
      }
    }
    return images;
  }

  /** Renames the finished set into place; if another run got there first, keeps theirs. */
  private static void publish(Path partial, Path directory) throws IOException {
    if (Files.exists(directory)) {
      deleteTree(directory); // incomplete: readCached found no usable manifest
    }
    try {
      Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
      if (readCached(directory) == null) {
        throw e;
      }
    }
  }

  static void deleteTree(Path directory) throws IOException {
    FileTrees.delete(directory);
  }
}
