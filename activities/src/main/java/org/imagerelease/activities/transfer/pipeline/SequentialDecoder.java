package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.hash.HashingInputStream;
import org.imagerelease.activities.transfer.hash.ResumableSha256;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.source.SourceInputStream;
import org.imagerelease.activities.transfer.xz.XzDecoder;

/**
 * Decodes the source as one stream from its first byte: gzip, zstd, uncompressed images, and xz
 * files with a single block or without a usable index. The source is read and hashed on a
 * second thread, so hashing does not slow the decoder down. A resumed attempt reads and hashes the
 * source again from 0 (a sequential decoder cannot start in the middle); blocks the checkpoint
 * had done are decoded but not handed to the sink.
 */
final class SequentialDecoder {

  private final ImageSource source;
  private final TransferRequest request;
  private final TransferSettings settings;
  private final XzDecoder xzDecoder;
  private final BlockCutter cutter;
  private final Checkpointer checkpointer;
  private final AttemptFailure failure;

  SequentialDecoder(
      ImageSource source,
      TransferRequest request,
      TransferSettings settings,
      XzDecoder xzDecoder,
      BlockCutter cutter,
      Checkpointer checkpointer,
      AttemptFailure failure) {
    this.source = source;
    this.request = request;
    this.settings = settings;
    this.xzDecoder = xzDecoder;
    this.cutter = cutter;
    this.checkpointer = checkpointer;
    this.failure = failure;
  }

  DecodeResult run() throws IOException {
    SourceInputStream file =
        new SourceInputStream(
            source, request.imageName(), request.expectedSize(), 0, settings.maxRetries(), settings.throughputFloor());
    failure.onFailure(file::close);
    HashingInputStream hashing = new HashingInputStream(file, new ResumableSha256());
    checkpointer.track(done -> hashing.hashState());
    ExecutorService fetcher =
        failure.stopsWith(
            Executors.newSingleThreadExecutor(new TransferThreads("fetch", request.imageName())));
    InputStream compressed = new PrefetchingInputStream(hashing, fetcher);
    fetcher.shutdown();
    try (InputStream decoded =
        DecodedInputStream.open(
            () -> DecoderSelection.decoding(request.compression(), compressed, xzDecoder),
            request.imageName(),
            request.compression() + " stream")) {
      long decodedSize = cutter.cutAll(decoded);
      // Whatever the decoder left unread (e.g. trailing padding) is part of the file's checksum.
      compressed.transferTo(OutputStream.nullOutputStream());
      return new DecodeResult(decodedSize, hashing.hexDigest());
    }
  }
}
