package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CheckpointListener;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.ResumeState;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.TransferProgress;

/**
 * A stand-in for the streaming pipeline: reads a {@code file:} URI in 512 KiB blocks, skips
 * all-zero blocks and blocks a checkpoint names, checkpoints after every block, and completes the
 * sink only when size and SHA-256 match. Can be told to fail after some blocks, like a worker that
 * dies mid-transfer, and to run a probe while the transfer is under way.
 */
final class FileImageTransfer implements ImageTransfer {
  static final int BLOCK_SIZE = 512 * 1024;

  final List<TransferRequest> requests = new CopyOnWriteArrayList<>();
  final List<Long> acceptedBlocks = new CopyOnWriteArrayList<>();
  /** Per run: whether the sink went on from the checkpoint it was given (false for a fresh run). */
  final List<Boolean> continued = new CopyOnWriteArrayList<>();
  private volatile int failAfterBlocks = -1;
  private volatile Runnable probe = () -> {};
  private volatile CyclicBarrier finishLine;

  /** The next run throws after handling this many blocks (and checkpointing them). */
  void failAfterBlocks(int blocks) {
    failAfterBlocks = blocks;
  }

  /**
   * Makes this many transfers wait for each other after completing their sinks, so their callers go
   * on at the same moment: the worst case for anything they then update together.
   */
  void finishTogether(int transfers) {
    finishLine = new CyclicBarrier(transfers);
  }

  /** Runs after the first block of every transfer was accepted. */
  void whileTransferring(Runnable probe) {
    this.probe = probe;
  }

  @Override
  public TransferSummary run(TransferRequest request, BlockSink sink, CheckpointListener listener)
      throws IOException {
    requests.add(request);
    if (request.compression() != Compression.NONE) {
      throw new IllegalArgumentException("this fake only copies verbatim");
    }
    Path source = Path.of(request.source());
    Set<Long> done = decode(request.resumeFrom());
    String sinkState = request.resumeFrom() == null ? null : request.resumeFrom().resume().sinkState();
    boolean goesOn = sink.begin(new ImageShape(BLOCK_SIZE, OptionalLong.of(Files.size(source)), sinkState));
    continued.add(sinkState != null && goesOn);
    if (!goesOn) {
      done.clear();
    }
    MessageDigest digest = org.imagerelease.activities.Sha256.newDigest();
    long index = 0;
    long bytes = 0;
    long written = 0;
    long zero = 0;
    int failAfter = failAfterBlocks;
    failAfterBlocks = -1;
    try (InputStream in = Files.newInputStream(source)) {
      byte[] block = new byte[BLOCK_SIZE];
      for (int n; (n = in.readNBytes(block, 0, BLOCK_SIZE)) > 0; index++) {
        digest.update(block, 0, n);
        bytes += n;
        Arrays.fill(block, n, BLOCK_SIZE, (byte) 0);
        if (isZero(block)) {
          sink.skipZero(index);
          zero++;
        } else if (!done.contains(index)) {
          sink.accept(new Block(index, block, n, null));
          acceptedBlocks.add(index);
          written++;
        }
        done.add(index);
        String state = sink.checkpoint();
        var progress =
            new TransferProgress(
                request.target(),
                request.location(),
                request.imageName(),
                bytes,
                request.expectedSize(),
                written,
                zero);
        listener.onCheckpoint(new TransferCheckpoint(progress, encode(done, state)));
        if (index == 0) {
          probe.run();
        }
        if (index + 1 == failAfter) {
          throw new IOException("connection reset (simulated) after block " + index);
        }
      }
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    if (bytes != request.expectedSize() || !sha256.equals(request.expectedSha256())) {
      throw new ReleaseException(
          ReleaseFailureTypes.CHECKSUM_MISMATCH,
          request.imageName() + " does not match its metadata");
    }
    var summary = new TransferSummary(bytes, index, written, zero, bytes, sha256);
    sink.complete(summary);
    if (finishLine != null) {
      try {
        finishLine.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IOException("transfers did not finish together", e);
      }
    }
    return summary;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static ResumeState encode(Set<Long> done, String sinkState) {
    // The fake keeps no hash midstate: a resumed attempt re-reads the whole file.
    return new ResumeState(
        BLOCK_SIZE, done.stream().map(String::valueOf).collect(Collectors.joining(",")), done.size(), 0, 0, "", sinkState);
  }

  private static Set<Long> decode(TransferCheckpoint checkpoint) {
    var done = new TreeSet<Long>();
    if (checkpoint != null && checkpoint.resume() != null && !checkpoint.resume().doneBlocks().isEmpty()) {
      for (String index : checkpoint.resume().doneBlocks().split(",")) {
        done.add(Long.parseLong(index));
      }
    }
    return done;
  }
}
