package org.imagerelease.activities.transfer.pipeline;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.xz.XzDecoder;

/** Picks the decoder for a compression, for formats decoded as one sequential stream. */
final class DecoderSelection {

  private DecoderSelection() {}

  /** The decoded bytes of {@code compressed}, which should be buffered; xz with {@code xz}. */
  static InputStream decoding(Compression compression, InputStream compressed, XzDecoder xz)
      throws IOException {
    return switch (compression) {
      case NONE -> compressed;
      // Concatenated .xz streams and stream padding are decoded as one file.
      case XZ -> xz.file(compressed);
      // pigz and parallel gzip tools write several members; all of them are the image.
      case GZIP -> GzipCompressorInputStream.builder()
          .setInputStream(compressed)
          .setDecompressConcatenated(true)
          .get();
      // Reads frame after frame until the input ends.
      case ZSTD -> new ZstdInputStream(compressed);
    };
  }
}
