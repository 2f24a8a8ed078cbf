package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.imagerelease.localcloud.bench.SparseImageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
  private static final SparseImageSpec SPEC =
      SparseImageSpec.defaults().withVirtualSize(8L << 20).withDataFraction(0.25);

  @TempDir Path root;

  private final StringWriter progress = new StringWriter();

  @Test
  void makesAnImageSetOnceAndFindsItTheNextTime() throws Exception {
    ImageCache cache = ImageCache.at(root);

    ImageCache.Prepared first = cache.prepare(SPEC, new PrintWriter(progress));
    ImageCache.Prepared second = cache.prepare(SPEC, new PrintWriter(progress));

    assertThat(first.fromCache()).isFalse();
    assertThat(second.fromCache()).isTrue();
    assertThat(second.directory()).isEqualTo(first.directory());
    assertThat(second.images()).isEqualTo(first.images());
    assertThat(progress.toString()).contains("Images cached in " + first.directory()).contains("from the cache in");
    assertThat(first.images().file(XzLayoutKind.MULTI_BLOCK).xzBlocks()).isEqualTo(2);
    assertThat(first.images().file(XzLayoutKind.SINGLE_BLOCK).xzBlocks()).isEqualTo(1);
    assertThat(first.images().file(XzLayoutKind.MULTI_BLOCK).decodedSha256())
        .isEqualTo(first.images().file(XzLayoutKind.SINGLE_BLOCK).decodedSha256());
    try (Stream<Path> entries = Files.list(first.directory())) {
      assertThat(entries.map(entry -> entry.getFileName().toString()))
          .as("the raw image is dropped once compressed")
          .containsExactlyInAnyOrder(ImageCache.MANIFEST, "bench-multi-block.raw.xz", "bench-single-block.raw.xz");
    }
    try (Stream<Path> entries = Files.list(root)) {
      assertThat(entries).as("no partial set is left").containsExactly(first.directory());
    }
  }

  @Test
  void makesTheSetAgainWhenAFileIsMissingOrCut() throws Exception {
    ImageCache cache = ImageCache.at(root);
    ImageCache.Prepared first = cache.prepare(SPEC, new PrintWriter(progress));
    Path multi = first.directory().resolve(first.images().file(XzLayoutKind.MULTI_BLOCK).fileName());
    Files.write(multi, new byte[10]);

    ImageCache.Prepared again = cache.prepare(SPEC, new PrintWriter(progress));

    assertThat(again.fromCache()).isFalse();
    assertThat(Files.size(multi)).isEqualTo(first.images().file(XzLayoutKind.MULTI_BLOCK).size());
  }

  @Test
  void removesWhatAKilledRunLeftButNotWhatALiveOneIsWriting() throws Exception {
    ImageCache cache = ImageCache.at(root);
    Path ours = Files.createDirectories(cache.scratch("set.partial"));
    Path killed = Files.createDirectories(root.resolve("set.partial.scratch-" + deadPid()));
    Path check = Files.write(root.resolve("decoded-check-multi-block.raw.scratch-" + deadPid()), new byte[1]);
    Path unrelated = Files.createDirectories(root.resolve("notes"));

    cache.removeAbandonedScratch();

    assertThat(ours).exists();
    assertThat(unrelated).exists();
    assertThat(killed).doesNotExist();
    assertThat(check).doesNotExist();
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  @Test
  void keysSetsByEverythingThatDecidesTheirBytes() {
    ImageCache cache = ImageCache.at(root);

    assertThat(cache.key(SPEC)).startsWith("8MiB-data0.25-seed42-");
    assertThat(cache.key(SPEC.withSeed(7))).isNotEqualTo(cache.key(SPEC));
    assertThat(cache.key(SPEC.withDataFraction(0.3))).isNotEqualTo(cache.key(SPEC));
    assertThat(new ImageCache(root, 2, 4 << 20).key(SPEC)).isNotEqualTo(cache.key(SPEC));
  }
}
