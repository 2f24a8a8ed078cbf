package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.activities.metrics.TransferMeters;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CheckpointListener;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.MemoryBudget;
import org.imagerelease.activities.transfer.SinkNeeds;
import org.imagerelease.activities.transfer.ResumeState;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.activities.transfer.hash.HashingInputStream;
import org.imagerelease.activities.transfer.hash.ResumableSha256;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.xz.XzDecoder;
import org.imagerelease.activities.transfer.xz.XzIndexReader;
import org.imagerelease.activities.transfer.xz.XzLayout;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the pipeline for one image: plans how to decode, starts the threads, reports
 * checkpoints on a timer, checks the checksum and completes the sink. The first failure of any
 * thread stops all of them and is what the caller sees.
 */
public final class TransferAttempt {

  private static final Logger log = LoggerFactory.getLogger(TransferAttempt.class);
  /** How long an attempt waits for its share of the worker's transfer memory before it is retried. */
  private static final Duration MEMORY_PATIENCE = Duration.ofSeconds(60);
  /** How long a failed attempt waits for its threads to let go of the sink. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final TransferSettings configured;
  private final ComposeSources allowedSources;
  private final MemoryBudget budget;
  private final XzDecoder xzDecoder;
  private final TransferRequest request;
  private final BlockSink sink;
  private final CheckpointListener listener;
  private final AttemptFailure failure = new AttemptFailure();

  public TransferAttempt(
      TransferSettings settings,
      ComposeSources allowedSources,
      MemoryBudget budget,
      XzDecoder xzDecoder,
      TransferRequest request,
      BlockSink sink,
      CheckpointListener listener) {
    this.configured = settings;
    this.allowedSources = allowedSources;
    this.budget = budget;
    this.xzDecoder = xzDecoder;
    this.request = request;
    this.sink = sink;
    this.listener = listener;
  }

  /** Runs the transfer on the attempt's own threads and waits for its result or first failure. */
  public TransferSummary run() throws IOException {
    CompletableFuture<TransferSummary> result = new CompletableFuture<>();
    failure.onFailure(() -> result.completeExceptionally(failure.cause()));
    ExecutorService reader =
        failure.stopsWith(
            Executors.newSingleThreadExecutor(new TransferThreads("read", request.imageName())));
    reader.execute(
        () -> {
          try {
            result.complete(transfer());
          } catch (Throwable e) {
            failure.record(e);
          }
        });
    try {
      return result.get();
    } catch (ExecutionException e) {
      awaitThreads();
      throw rethrown(e.getCause());
    } catch (InterruptedException e) {
      InterruptedIOException interrupted =
          new InterruptedIOException("Transfer of " + request.imageName() + " was interrupted");
      failure.record(interrupted);
      Thread.currentThread().interrupt();
      throw interrupted;
    } finally {
      reader.shutdown();
    }
  }

  private void awaitThreads() {
    try {
      if (!failure.awaitPools(STOP_TIMEOUT)) {
        log.warn("Threads of the transfer of {} did not stop within {}", request.imageName(),
            STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private TransferSummary transfer() throws IOException {
    long started = System.nanoTime();
    SinkNeeds needs = sink.needs();
    TransferSettings settings =
        configured
            .withBlockSize(needs.blockSizeOr(configured.blockSize()))
            .withParallelism(needs.parallelismOr(configured.sinkParallelism()), configured.decodeThreads());
    ResumeState resume = checkpointFor(settings.blockSize());
    ImageSource source = ImageSource.forUri(request.source(), request.imageName(), settings, allowedSources);
    Optional<XzLayout> layout =
        request.compression() == Compression.XZ
            ? XzIndexReader.read(source, request.expectedSize(), request.imageName())
            : Optional.empty();
    Optional<DecodedSize> decodedSize =
        needs.decodedSizeUpFront() || needs.tailBytes() > 0
            ? Optional.of(DecodedSize.required(request, source, layout))
            : DecodedSize.atHand(request, layout);
    if (decodedSize.isPresent() && decodedSize.get().bytes() > settings.maxDecodedSize()) {
      throw new ReleaseException(
          ReleaseFailureTypes.IMAGE_TOO_LARGE,
          "Image " + request.imageName() + " decodes to " + decodedSize.get().bytes()
              + " bytes (" + decodedSize.get().source() + "), more than the allowed " + settings.maxDecodedSize());
    }
    byte[] tail =
        needs.tailBytes() > 0
            ? DecodedTail.read(request, source, layout, xzDecoder, decodedSize.get().bytes(), needs.tailBytes())
            : new byte[0];
    // Only one stream decoded in order gives the decoded image's hash.
    boolean parallel = layout.isPresent() && ParallelXzDecoder.suits(layout.get()) && !needs.decodedSha256();
    MemoryPlan.Shape shape = MemoryPlan.shapeOf(settings, source, request.compression(), layout, parallel);
    MemoryPlan wanted = shape.plan(settings.sinkParallelism(), Math.max(1, settings.decodeThreads()));
    try (MemoryBudget.Grant grant = acquireMemory(shape, wanted)) {
      MemoryPlan plan = MemoryPlan.fitting(grant.bytes(), shape, wanted);
      if (!plan.equals(wanted)) {
        log.info(
            "Transferring image {} with {} sink threads and {} decoders instead of {} and {}: the worker's other transfers hold"
                + " {} of its {}-byte transfer memory budget",
            request.imageName(), plan.sinkParallelism(), plan.decodeThreads(), wanted.sinkParallelism(),
            wanted.decodeThreads(), budget.inUse() - grant.bytes(), budget.total());
      }
      TransferSettings fitted =
          settings.withParallelism(plan.sinkParallelism(), parallel ? plan.decodeThreads() : settings.decodeThreads());
      return transfer(new Prepared(fitted, resume, source, layout, decodedSize, parallel, tail, needs.decodedSha256()), started);
    }
  }

  /** What the attempt learnt before it began the sink. */
  private record Prepared(
      TransferSettings settings,
      ResumeState resume,
      ImageSource source,
      Optional<XzLayout> layout,
      Optional<DecodedSize> decodedSize,
      boolean parallel,
      byte[] tail,
      boolean hashDecoded) {}

  private MemoryBudget.Grant acquireMemory(MemoryPlan.Shape shape, MemoryPlan wanted) throws IOException {
    try {
      return budget.acquire(shape.plan(1, 1).bytes(), wanted.bytes(), MEMORY_PATIENCE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for transfer memory for " + request.imageName());
    }
  }

  private TransferSummary transfer(Prepared prepared, long started) throws IOException {
    TransferSettings settings = prepared.settings();
    ResumeState resume = prepared.resume();
    ImageSource source = prepared.source();
    Optional<XzLayout> layout = prepared.layout();
    Optional<DecodedSize> decodedSize = prepared.decodedSize();
    boolean parallel = prepared.parallel();
    boolean continuing =
        sink.begin(
            new ImageShape(
                settings.blockSize(), DecodedSize.bytesOf(decodedSize), resume == null ? null : resume.sinkState(), prepared.tail()));
    if (resume != null && !continuing) {
      log.info("Transferring image {} for {}/{} from the start: its sink cannot go on from the checkpoint",
          request.imageName(), request.target(), request.location());
      resume = null;
    }
    BlockLedger ledger = resume == null ? BlockLedger.fresh() : BlockLedger.resumedFrom(resume);
    log.info(
        "Transferring image {} for {}/{} from {}: {}, {}, {}-byte blocks{}",
        request.imageName(),
        request.target(),
        request.location(),
        source.location(),
        request.compression(),
        parallel
            ? layout.get().blocks().size() + " xz blocks decoded in parallel with "
                + xzDecoder.name()
            : "sequential",
        settings.blockSize(),
        resume == null ? "" : ", resuming with " + ledger.doneCount() + " blocks done");

    // A compressed stream decodes from byte 0 only, so only those two resume the hash.
    ResumableSha256 resumeHash =
        parallel || request.compression() == Compression.NONE ? resumeHash(resume) : new ResumableSha256();
    Checkpointer checkpointer =
        new Checkpointer(
            request,
            settings.blockSize(),
            sink,
            listener,
            ledger,
            new HashingInputStream.HashState(resumeHash.byteCount(), resumeHash.saveState()));
    TransferMeters meters = ReleaseMetrics.transfersTo(request.target());
    SinkDispatcher dispatcher =
        new SinkDispatcher(sink, settings, ledger, failure, request.imageName(), meters);
    ScheduledExecutorService timer =
        failure.stopsWith(
            Executors.newSingleThreadScheduledExecutor(
                new TransferThreads("checkpoint", request.imageName())));
    try {
      long interval = Math.max(1, settings.checkpointInterval().toMillis());
      timer.scheduleWithFixedDelay(
          () -> checkpointQuietly(checkpointer), interval, interval, TimeUnit.MILLISECONDS);
      BlockCutter cutter = new BlockCutter(settings, dispatcher, request.imageName(), decodedSize);
      DecodeResult decoded =
          parallel
              ? new ParallelXzDecoder(
                      source, request, settings, xzDecoder, layout.get(), cutter, ledger,
                      checkpointer, failure)
                  .run(resumeHash)
              : new SequentialDecoder(
                      source, request, settings, xzDecoder, cutter, checkpointer, failure, prepared.hashDecoded())
                  .run(resumeHash, ledger);
      dispatcher.awaitAllAccepted();
      verifyChecksum(decoded.sha256());
      verifyDecodedSize(decoded, decodedSize);
      // No interrupt: a checkpoint being taken finishes, then the last one follows.
      timer.shutdown();
      checkpointer.checkpoint();
      TransferSummary summary = summarise(decoded, ledger, settings.blockSize());
      sink.complete(summary);
      recordThroughput(meters, summary, started, resume != null);
      log.info(
          "Transferred image {} for {}/{}: {} bytes decoded, {} blocks written, {} zero, in {} ms",
          request.imageName(),
          request.target(),
          request.location(),
          summary.decodedSize(),
          summary.blocksWritten(),
          summary.blocksZero(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return summary;
    } catch (Throwable e) {
      // Recorded before the pools stop below, so it is this failure the caller sees.
      failure.record(e);
      throw e;
    } finally {
      timer.shutdown();
      dispatcher.shutdown();
    }
  }

  /**
   * A resumed attempt did part of the image in an earlier process, so its rate would be
   * overstated; only whole attempts are recorded.
   */
  private static void recordThroughput(TransferMeters meters, TransferSummary summary, long started, boolean resumed) {
    double seconds = (System.nanoTime() - started) / 1e9;
    if (!resumed && seconds > 0) {
      meters.throughput().record(summary.decodedSize() / seconds);
    }
  }

  /**
   * The checkpoint this attempt may continue from: none when there is none, or when it counts
   * blocks of another size than the sink wants now (its configuration changed), so that the
   * transfer starts over rather than fail.
   */
  private ResumeState checkpointFor(int blockSize) {
    ResumeState checkpoint = request.resumeFrom() == null ? null : request.resumeFrom().resume();
    if (checkpoint != null && checkpoint.blockSize() != blockSize) {
      log.warn(
          "Transferring image {} from the start: its checkpoint counts {}-byte blocks, its sink now wants {}",
          request.imageName(), checkpoint.blockSize(), blockSize);
      return null;
    }
    return checkpoint;
  }

  /** Where the checkpoint's hash stopped, when it is usable; otherwise the file's start. */
  private ResumableSha256 resumeHash(ResumeState resume) {
    if (resume == null || resume.sha256State() == null || resume.hashedBytes() <= 0) {
      return new ResumableSha256();
    }
    try {
      ResumableSha256 restored = ResumableSha256.restore(resume.sha256State());
      if (restored.byteCount() == resume.hashedBytes()
          && restored.byteCount() <= request.expectedSize()) {
        return restored;
      }
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring the hash state in the checkpoint of {}: {}", request.imageName(),
          e.getMessage());
    }
    return new ResumableSha256();
  }

  private void checkpointQuietly(Checkpointer checkpointer) {
    try {
      checkpointer.checkpoint();
    } catch (Throwable e) {
      failure.record(e);
    }
  }

  private void verifyChecksum(String actual) {
    String expected = request.expectedSha256().toLowerCase(Locale.ROOT);
    if (!actual.equals(expected)) {
      throw new ReleaseException(
          ReleaseFailureTypes.CHECKSUM_MISMATCH,
          "Image " + request.imageName() + " from " + request.source()
              + " does not match its checksum: expected SHA-256 " + expected + ", got " + actual);
    }
  }

  /** The file decoded to another size than it said up front: a second gzip member or zstd frame. */
  private void verifyDecodedSize(DecodeResult decoded, Optional<DecodedSize> expected) {
    if (expected.isPresent() && expected.get().bytes() != decoded.decodedSize()) {
      throw new ReleaseException(
          ReleaseFailureTypes.CORRUPT_ARCHIVE,
          "Image " + request.imageName() + " decodes to " + decoded.decodedSize() + " bytes, but its "
              + expected.get().source() + " says " + expected.get().bytes());
    }
  }

  private TransferSummary summarise(DecodeResult decoded, BlockLedger ledger, int blockSize) {
    long blockCount = (decoded.decodedSize() + blockSize - 1) / blockSize;
    if (ledger.doneCount() != blockCount) {
      throw new IllegalStateException(
          "Image " + request.imageName() + " has " + blockCount + " blocks but "
              + ledger.doneCount() + " are done");
    }
    return new TransferSummary(
        decoded.decodedSize(),
        blockCount,
        ledger.blocksAccepted(),
        ledger.blocksZero(),
        request.expectedSize(),
        decoded.sha256(),
        decoded.decodedSha256());
  }

  private static IOException rethrown(Throwable cause) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IOException(cause);
  }
}
