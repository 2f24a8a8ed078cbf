package org.imagerelease.localcloud.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.imagerelease.localcloud.Sha256;
import org.imagerelease.localcloud.xz.XzBlockStreamWriter;
import org.imagerelease.localcloud.xz.XzLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses a raw image to .xz two ways, to compare how the transfer decodes them: multi-block
 * (independent blocks of a fixed size, decodable in parallel, what {@code xz -T0} writes) and
 * single-block (one sequential stream, what {@code xz -T1} writes). Uses the machine's xz when
 * it has one and xz-java otherwise; the result says which.
 */
public final class ImageCompressor {
  private static final Logger log = LoggerFactory.getLogger(ImageCompressor.class);
  public static final int DEFAULT_PRESET = 1;
  public static final int DEFAULT_BLOCK_SIZE = 4 << 20;

  /** Which implementation compressed a file. */
  public enum Encoder { NATIVE_XZ, XZ_JAVA }

  private final int preset;
  private final int blockSize;
  private final Optional<NativeXz> nativeXz;

  /**
   * @param preset xz preset 0-9; 1 or 2 keep a 4 GiB image within minutes on two cores
   * @param blockSize uncompressed bytes per block of the multi-block file
   * @param useNativeXz use the machine's xz when there is one; false forces xz-java
   */
  public ImageCompressor(int preset, int blockSize, boolean useNativeXz) {
    if (preset < 0 || preset > 9 || blockSize <= 0) {
      throw new IllegalArgumentException("preset 0-9 and a positive block size expected");
    }
    this.preset = preset;
    this.blockSize = blockSize;
    this.nativeXz = useNativeXz ? NativeXz.find() : Optional.empty();
  }

  /** Preset 1, 4 MiB blocks, native xz when present. */
  public static ImageCompressor defaults() {
    return new ImageCompressor(DEFAULT_PRESET, DEFAULT_BLOCK_SIZE, true);
  }

  /** The encoder this compressor uses. */
  public Encoder encoder() {
    return nativeXz.isPresent() ? Encoder.NATIVE_XZ : Encoder.XZ_JAVA;
  }

  /** Writes {@code raw} as a multi-block .xz to {@code target}. */
  public CompressedImage multiBlock(Path raw, Path target) throws IOException {
    int threads = Runtime.getRuntime().availableProcessors();
    if (nativeXz.isPresent()) {
      return runNative(raw, target, List.of("-T0", "--block-size=" + blockSize, "-" + preset));
    }
    XzBlockStreamWriter writer = new XzBlockStreamWriter(preset, blockSize, threads);
    return runJava(raw, target, "xz-java preset " + preset + ", " + blockSize + "-byte blocks, "
        + threads + " threads", writer::write);
  }

  /** Writes {@code raw} as a single-block .xz to {@code target}. */
  public CompressedImage singleBlock(Path raw, Path target) throws IOException {
    if (nativeXz.isPresent()) {
      return runNative(raw, target, List.of("-T1", "-" + preset));
    }
    return runJava(raw, target, "xz-java preset " + preset + ", one block", (in, out) -> {
      XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(preset));
      in.transferTo(xz);
      xz.finish();
    });
  }

  @FunctionalInterface
  private interface Compression {
    void run(InputStream in, OutputStream out) throws IOException;
  }

  private CompressedImage runJava(Path raw, Path target, String tool, Compression compression)
      throws IOException {
    long started = System.nanoTime();
    MessageDigest rawDigest = Sha256.newDigest();
    MessageDigest xzDigest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(raw), rawDigest);
        OutputStream out = new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(target), 1 << 20), xzDigest)) {
      compression.run(in, out);
    }
    return describe(raw, target, Encoder.XZ_JAVA, tool, started, rawDigest, xzDigest);
  }

  /**
   * Runs xz as a filter: the raw image goes in through Java (hashed on the way) and the .xz
   * comes out through Java (hashed on the way), so both checksums cost no extra pass.
   */
  private CompressedImage runNative(Path raw, Path target, List<String> options) throws IOException {
    long started = System.nanoTime();
    NativeXz xz = nativeXz.orElseThrow();
    List<String> command = new ArrayList<>();
    command.add(xz.executable().toString());
    command.addAll(options);
    command.add("-c");
    Process process = new ProcessBuilder(command).start();
    // Own threads, not the common pool: feeding stdin must never wait behind anything else.
    ExecutorService pumps = Executors.newFixedThreadPool(2);
    try {
      return pump(raw, target, options, command, process, xz, started, pumps);
    } finally {
      process.destroyForcibly(); // a no-op once xz has exited; ends it if we failed midway
      pumps.shutdownNow();
    }
  }

  private CompressedImage pump(Path raw, Path target, List<String> options, List<String> command,
      Process process, NativeXz xz, long started, ExecutorService pumps) throws IOException {
    MessageDigest rawDigest = Sha256.newDigest();
    MessageDigest xzDigest = Sha256.newDigest();
    CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
      try (InputStream in = new DigestInputStream(Files.newInputStream(raw), rawDigest);
          OutputStream stdin = process.getOutputStream()) {
        in.transferTo(stdin);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, pumps);
    CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> {
      try (InputStream stderr = process.getErrorStream()) {
        return new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    }, pumps);
    try (InputStream stdout = process.getInputStream();
        OutputStream out = new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(target), 1 << 20), xzDigest)) {
      stdout.transferTo(out);
    }
    try {
      int exit = process.waitFor();
      feed.join();
      if (exit != 0) {
        throw new IOException(String.join(" ", command) + " exited with " + exit + ": " + errors.join());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing " + raw, e);
    } catch (CompletionException e) {
      throw new IOException("could not feed " + raw + " to xz", e.getCause());
    }
    String tool = "xz " + xz.version() + " " + String.join(" ", options);
    return describe(raw, target, Encoder.NATIVE_XZ, tool, started, rawDigest, xzDigest);
  }

  private static CompressedImage describe(Path raw, Path target, Encoder encoder, String tool,
      long started, MessageDigest rawDigest, MessageDigest xzDigest) throws IOException {
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    XzLayout layout = XzLayout.read(target);
    CompressedImage image = new CompressedImage(target, Files.size(target), Sha256.hex(xzDigest),
        layout.uncompressedSize(), Sha256.hex(rawDigest), layout.streams().size(), layout.blockCount(),
        encoder, tool, took);
    if (image.uncompressedSize() != Files.size(raw)) {
      throw new IOException(target + " indexes " + image.uncompressedSize() + " bytes, not the "
          + Files.size(raw) + " of " + raw);
    }
    log.info("Compressed {} to {}: {} bytes, {} block(s), {} in {} ms", raw.getFileName(),
        target.getFileName(), image.size(), image.blocks(), tool, took.toMillis());
    return image;
  }


}
