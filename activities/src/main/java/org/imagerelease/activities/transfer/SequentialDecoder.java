package org.imagerelease.activities.transfer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Decodes the source as one stream from its first byte: gzip, zstd, uncompressed images, and xz
 * files with a single block or without a usable index. A resumed attempt reads and hashes the
 * source again from 0 (a sequential decoder cannot start in the middle); blocks the checkpoint
 * had done are decoded but not handed to the sink.
 */
final class SequentialDecoder {

  private static final int READ_BUFFER = 256 * 1024;

  private final ImageSource source;
  private final TransferRequest request;
  private final TransferSettings settings;
  private final BlockCutter cutter;
  private final Checkpointer checkpointer;
  private final AttemptFailure failure;

  SequentialDecoder(
      ImageSource source,
      TransferRequest request,
      TransferSettings settings,
      BlockCutter cutter,
      Checkpointer checkpointer,
      AttemptFailure failure) {
    this.source = source;
    this.request = request;
    this.settings = settings;
    this.cutter = cutter;
    this.checkpointer = checkpointer;
    this.failure = failure;
  }

  DecodeResult run() throws IOException {
    SourceInputStream file =
        new SourceInputStream(
            source, request.imageName(), request.expectedSize(), 0, settings.maxRetries());
    failure.onFailure(file::close);
    HashingInputStream hashing = new HashingInputStream(file, new ResumableSha256());
    checkpointer.track(done -> hashing.hashState());
    InputStream compressed = new BufferedInputStream(hashing, READ_BUFFER);
    try (InputStream decoded =
        DecodedInputStream.open(
            () -> DecoderSelection.decoding(request.compression(), compressed),
            request.imageName(),
            request.compression() + " stream")) {
      long decodedSize = cutter.cutAll(decoded);
      // Whatever the decoder left unread (e.g. trailing padding) is part of the file's checksum.
      compressed.transferTo(OutputStream.nullOutputStream());
      return new DecodeResult(decodedSize, hashing.hexDigest());
    }
  }
}
