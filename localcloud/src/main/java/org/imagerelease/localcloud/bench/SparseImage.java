package org.imagerelease.localcloud.bench;

import java.nio.file.Path;

/**
 * A benchmark image as written.
 *
 * @param file the raw image (sparse)
 * @param virtualSize its length in bytes
 * @param dataBytes bytes written; the rest of the file is holes
 * @param extents runs of data written (besides the partition tables)
 */
public record SparseImage(Path file, long virtualSize, long dataBytes, int extents) {}
