package org.imagerelease.activities.transfer.xz;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;
import org.imagerelease.activities.transfer.nativelib.SystemLibraries;

/**
 * The .xz decoding functions of the system's liblzma (XZ Utils 5), reached through JNA. On one
 * core liblzma decodes about 1.5 times as fast as xz-java, and decoding is most of a transfer's
 * CPU time.
 *
 * <p>The functions are bound by JNA's direct mapping and take plain pointers: interface mapping
 * and JNA structures cost reflection on every call, and compiling that reflection costs a short
 * transfer noticeable CPU.
 */
final class NativeLzma {

  static final int LZMA_OK = 0;
  static final int LZMA_STREAM_END = 1;
  static final int LZMA_MEM_ERROR = 5;
  static final int LZMA_MEMLIMIT_ERROR = 6;
  static final int LZMA_FORMAT_ERROR = 7;
  static final int LZMA_OPTIONS_ERROR = 8;
  static final int LZMA_DATA_ERROR = 9;
  static final int LZMA_BUF_ERROR = 10;

  static final int LZMA_RUN = 0;
  static final int LZMA_FINISH = 3;

  /** Decoder flag: read concatenated .xz streams and stream padding as one file, as xz does. */
  static final int LZMA_CONCATENATED = 0x08;

  /** The library names tried in turn: the linker's name, then the run-time one of XZ Utils 5. */
  private static final List<String> LIBRARY_NAMES = List.of("lzma", "liblzma.so.5");
  /** 5.0.0 stabilised the API and ABI this binding relies on. */
  private static final long FIRST_STABLE_VERSION = 50000002L;

  /**
   * {@code lzma_stream} of liblzma 5 (lzma/base.h) on a 64-bit platform: the input and output
   * pointers and sizes this class sets, then the totals, the allocator, the decoder's own state
   * and reserved fields, 136 bytes in all. All zeros is {@code LZMA_STREAM_INIT}.
   */
  static final class Stream {
    private static final int NEXT_IN = 0;
    private static final int AVAIL_IN = 8;
    private static final int NEXT_OUT = 24;
    private static final int AVAIL_OUT = 32;
    private static final int SIZE = 136;

    private final Memory fields = new Memory(SIZE);

    Stream() {
      fields.clear();
    }

    void input(Pointer bytes, long count) {
      fields.setPointer(NEXT_IN, bytes);
      fields.setLong(AVAIL_IN, count);
    }

    long inputLeft() {
      return fields.getLong(AVAIL_IN);
    }

    void output(Pointer bytes, long count) {
      fields.setPointer(NEXT_OUT, bytes);
      fields.setLong(AVAIL_OUT, count);
    }

    long outputLeft() {
      return fields.getLong(AVAIL_OUT);
    }

    /** The memory itself; free only after {@code lzma_end}. */
    void free() {
      fields.close();
    }
  }

  /** The functions, named as liblzma exports them; bound to the library by {@link #load()}. */
  private static final class Functions {
    static native int lzma_stream_decoder(Pointer stream, long memoryLimit, int flags);

    static native int lzma_code(Pointer stream, int action);

    static native void lzma_end(Pointer stream);

    static native int lzma_version_number();

    static native String lzma_version_string();
  }

  private static NativeLzma loaded;

  private final String version;

  private NativeLzma(String version) {
    this.version = version;
  }

  /**
   * Loads liblzma; once per JVM, since the functions are bound to one library.
   *
   * @throws UnsatisfiedLinkError when JNA or liblzma cannot be loaded, or the library is too old
   *     or built for a platform this binding does not describe
   */
  static synchronized NativeLzma load() {
    if (loaded != null) {
      return loaded;
    }
    if (Native.SIZE_T_SIZE != Long.BYTES || Native.POINTER_SIZE != Long.BYTES) {
      throw new UnsatisfiedLinkError(
          "the liblzma binding describes 64-bit platforms; size_t here has "
              + Native.SIZE_T_SIZE + " bytes");
    }
    SystemLibraries.register(Functions.class, "liblzma", LIBRARY_NAMES);
    long versionNumber = Integer.toUnsignedLong(Functions.lzma_version_number());
    if (versionNumber < FIRST_STABLE_VERSION) {
      throw new UnsatisfiedLinkError(
          "liblzma " + Functions.lzma_version_string() + " is older than 5.0.0");
    }
    loaded = new NativeLzma(Functions.lzma_version_string());
    return loaded;
  }

  /** The library's version, e.g. {@code 5.4.1}. */
  String version() {
    return version;
  }

  int streamDecoder(Stream stream, long memoryLimit, int flags) {
    return Functions.lzma_stream_decoder(stream.fields, memoryLimit, flags);
  }

  int code(Stream stream, int action) {
    return Functions.lzma_code(stream.fields, action);
  }

  void end(Stream stream) {
    Functions.lzma_end(stream.fields);
  }
}
