package org.imagerelease.devtools.bench;

import java.util.List;

/**
 * A generated raw image and its two compressed forms, as cached; {@code manifest.json} of a cache
 * directory. The raw image itself is removed once compressed: its SHA-256 is all a run needs.
 *
 * @param virtualSize bytes of the raw image
 * @param dataFraction share of it that holds data
 * @param seed what made its bytes
 * @param dataBytes bytes of data written; the rest are holes (zeros)
 * @param createdAt when it was made, ISO-8601
 * @param generationSeconds how long writing the raw image took
 * @param files the multi-block and the single-block .xz file
 */
public record ImageSet(
    long virtualSize,
    double dataFraction,
    long seed,
    long dataBytes,
    String createdAt,
    double generationSeconds,
    List<BenchFile> files) {

  public ImageSet {
    files = List.copyOf(files);
  }

  /** The file of one layout. */
  public BenchFile file(XzLayoutKind layout) {
    return files.stream().filter(file -> file.layout() == layout).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + layout.label() + " file in the image set"));
  }
}
