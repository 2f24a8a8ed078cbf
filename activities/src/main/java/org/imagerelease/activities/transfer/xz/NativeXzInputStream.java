package org.imagerelease.activities.transfer.xz;

import com.sun.jna.Memory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.CorruptedInputException;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZFormatException;

/**
 * Decodes an .xz stream with liblzma, which verifies the integrity checks, the index and so every
 * block's sizes itself. Failures are the exceptions xz-java throws for the same damage, so both
 * decoders read alike to callers. Not thread-safe; {@link #close()} frees the native memory.
 */
final class NativeXzInputStream extends InputStream {

  private static final int INPUT_CHUNK = 64 * 1024;
  /** Output per native call: small enough to stay in the cache while it is copied out. */
  private static final int OUTPUT_CHUNK = 256 * 1024;

  private final NativeLzma lzma;
  private final InputStream compressed;
  private final long memoryLimit;
  private final NativeLzma.Stream stream = new NativeLzma.Stream();
  private final Memory input = new Memory(INPUT_CHUNK);
  private final Memory output = new Memory(OUTPUT_CHUNK);
  private final byte[] staging = new byte[INPUT_CHUNK];
  private boolean inputEnded;
  private boolean streamEnded;
  private boolean closed;

  /**
   * @param memoryLimit bytes the decoder may allocate; a header asking for more is rejected
   * @param flags {@code lzma_stream_decoder} flags, e.g. {@link NativeLzma#LZMA_CONCATENATED}
   */
  NativeXzInputStream(NativeLzma lzma, InputStream compressed, long memoryLimit, int flags)
      throws IOException {
    this.lzma = lzma;
    this.compressed = compressed;
    this.memoryLimit = memoryLimit;
    int started = lzma.streamDecoder(stream, memoryLimit, flags);
    if (started != NativeLzma.LZMA_OK) {
      closeNative();
      throw failure(started);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("Stream closed");
    }
    if (length == 0) {
      return 0;
    }
    if (streamEnded) {
      return -1;
    }
    int wanted = Math.min(length, OUTPUT_CHUNK);
    stream.output(output, wanted);
    while (true) {
      if (stream.inputLeft() == 0 && !inputEnded) {
        refill();
      }
      int result = lzma.code(stream, inputEnded ? NativeLzma.LZMA_FINISH : NativeLzma.LZMA_RUN);
      int produced = wanted - (int) stream.outputLeft();
      if (result == NativeLzma.LZMA_STREAM_END) {
        streamEnded = true;
      } else if (result != NativeLzma.LZMA_OK) {
        throw failure(result);
      }
      if (produced > 0) {
        output.read(0, buffer, offset, produced);
        return produced;
      }
      if (streamEnded) {
        return -1;
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closeNative();
      compressed.close();
    }
  }

  private void refill() throws IOException {
    int n = compressed.read(staging, 0, staging.length);
    if (n < 0) {
      inputEnded = true;
      return;
    }
    input.write(0, staging, 0, n);
    stream.input(input, n);
  }

  private void closeNative() {
    closed = true;
    lzma.end(stream);
    stream.free();
    input.close();
    output.close();
  }

  /** What xz-java would throw for the same damage; liblzma cannot tell a bad check from bad data. */
  private IOException failure(int result) {
    return switch (result) {
      case NativeLzma.LZMA_FORMAT_ERROR -> new XZFormatException();
      case NativeLzma.LZMA_OPTIONS_ERROR -> new UnsupportedOptionsException(
          "Unsupported options in the xz headers");
      case NativeLzma.LZMA_DATA_ERROR -> new CorruptedInputException(
          "Compressed data is corrupt or does not match its integrity check or index");
      // No progress possible: the compressed bytes ended inside the stream.
      case NativeLzma.LZMA_BUF_ERROR -> new EOFException("Compressed data ends unexpectedly");
      case NativeLzma.LZMA_MEMLIMIT_ERROR -> new CorruptedInputException(
          "Decoding would need more memory than the limit of " + (memoryLimit >> 10) + " KiB");
      case NativeLzma.LZMA_MEM_ERROR -> throw new OutOfMemoryError(
          "liblzma could not allocate its decoder's memory");
      default -> throw new IllegalStateException("liblzma returned " + result);
    };
  }
}
