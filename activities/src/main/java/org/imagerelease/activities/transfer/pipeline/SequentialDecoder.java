package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.activities.transfer.Compression;
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
 * second thread, so hashing does not slow the decoder down. A resumed attempt of a compressed
 * image reads and hashes the source again from 0 (a decoder cannot start in the middle); blocks
 * the checkpoint had done are decoded but not handed to the sink. An uncompressed image has its
 * blocks where they are in the file, so a resumed attempt reads from its first block not done
 * (with Range), and hashes on from the checkpoint's hash state once past what that covered.
 */
final class SequentialDecoder {

  private final ImageSource source;
  private final TransferRequest request;
  private final TransferSettings settings;
  private final XzDecoder xzDecoder;
  private final BlockCutter cutter;
  private final Checkpointer checkpointer;
  private final AttemptFailure failure;
  private final boolean hashDecoded;

  /** @param hashDecoded whether the result carries the decoded image's SHA-256 */
  SequentialDecoder(
      ImageSource source,
      TransferRequest request,
      TransferSettings settings,
      XzDecoder xzDecoder,
      BlockCutter cutter,
      Checkpointer checkpointer,
      AttemptFailure failure,
      boolean hashDecoded) {
    this.source = source;
    this.request = request;
    this.settings = settings;
    this.xzDecoder = xzDecoder;
    this.cutter = cutter;
    this.checkpointer = checkpointer;
    this.failure = failure;
    this.hashDecoded = hashDecoded;
  }

  /**
   * Reads, hashes and decodes the image. {@code resumeHash} is the hash state of a checkpoint
   * (empty, from 0, without one), which only an uncompressed image resumes from; {@code ledger}
   * says which blocks that checkpoint had done.
   */
  DecodeResult run(ResumableSha256 resumeHash, BlockLedger ledger) throws IOException {
    long firstBlock =
        request.compression() == Compression.NONE && resumeHash.byteCount() > 0
            ? Math.min(ledger.firstNotDoneBefore(), resumeHash.byteCount() / settings.blockSize())
            : 0;
    long start = firstBlock * settings.blockSize();
    ResumableSha256 hash = start > 0 ? resumeHash : new ResumableSha256();
    checkpointer.readingFrom(start);
    SourceInputStream file =
        new SourceInputStream(
            source, request.imageName(), request.expectedSize(), start, settings.maxRetries(), settings.throughputFloor(),
            ReleaseMetrics.transfersTo(request.target()).downloadedBytes());
    failure.onFailure(file::close);
    HashingInputStream hashing = new HashingInputStream(file, hash);
    checkpointer.track(done -> hashing.hashState());
    // Bytes before the hash state's end are in it already: they go to the sink, not the hash.
    InputStream read = start > 0 ? new SequenceInputStream(new Prefix(file, hash.byteCount() - start), hashing) : hashing;
    ExecutorService fetcher =
        failure.stopsWith(
            Executors.newSingleThreadExecutor(new TransferThreads("fetch", request.imageName())));
    InputStream compressed = new PrefetchingInputStream(read, fetcher);
    fetcher.shutdown();
    try (InputStream decoded =
        DecodedInputStream.open(
            () -> DecoderSelection.decoding(request.compression(), compressed, xzDecoder),
            request.imageName(),
            request.compression() + " stream")) {
      // A compressed image is decoded from its first byte in every attempt, so the decoded hash
      // sees every byte; an uncompressed image's decoded hash is the file's.
      boolean separateDecodedHash = hashDecoded && request.compression() != Compression.NONE;
      ResumableSha256 decodedHash = new ResumableSha256();
      long decodedSize = cutter.cutFrom(separateDecodedHash ? new HashingInputStream(decoded, decodedHash) : decoded, firstBlock);
      // Whatever the decoder left unread (e.g. trailing padding) is part of the file's checksum.
      compressed.transferTo(OutputStream.nullOutputStream());
      String sourceSha256 = hashing.hexDigest();
      String decodedSha256 = !hashDecoded ? "" : separateDecodedHash ? decodedHash.hexDigest() : sourceSha256;
      return new DecodeResult(decodedSize, sourceSha256, decodedSha256);
    }
  }

  /** The first {@code length} bytes of a stream that reading goes on from: closing it leaves the stream open. */
  private static final class Prefix extends InputStream {
    private final InputStream in;
    private long left;

    Prefix(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // The stream goes on after the prefix.
    }
  }
}
