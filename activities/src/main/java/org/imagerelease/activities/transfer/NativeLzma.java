package org.imagerelease.activities.transfer;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.List;

/**
 * The .xz decoding functions of the system's liblzma (XZ Utils 5), reached through JNA. On one
 * core liblzma decodes about 1.5 times as fast as xz-java, and decoding is most of a transfer's
 * CPU time.
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

  /** The functions, named as liblzma exports them. */
  interface Functions extends Library {
    int lzma_stream_decoder(LzmaStream stream, long memoryLimit, int flags);

    int lzma_code(LzmaStream stream, int action);

    void lzma_end(LzmaStream stream);

    int lzma_version_number();

    String lzma_version_string();
  }

  /**
   * {@code lzma_stream} of liblzma 5 (lzma/base.h): where the input and output are, how much of
   * them there is, and the decoder's own state. All zeros is {@code LZMA_STREAM_INIT}.
   */
  @Structure.FieldOrder({
    "next_in", "avail_in", "total_in", "next_out", "avail_out", "total_out", "allocator",
    "internal", "reserved_ptr1", "reserved_ptr2", "reserved_ptr3", "reserved_ptr4",
    "seek_pos", "reserved_int2", "reserved_int3", "reserved_int4", "reserved_enum1",
    "reserved_enum2"
  })
  public static final class LzmaStream extends Structure {
    public Pointer next_in;
    /** A size_t; {@link #load()} makes sure it is 64 bits wide. */
    public long avail_in;
    public long total_in;
    public Pointer next_out;
    public long avail_out;
    public long total_out;
    public Pointer allocator;
    public Pointer internal;
    public Pointer reserved_ptr1;
    public Pointer reserved_ptr2;
    public Pointer reserved_ptr3;
    public Pointer reserved_ptr4;
    public long seek_pos;
    public long reserved_int2;
    public long reserved_int3;
    public long reserved_int4;
    public int reserved_enum1;
    public int reserved_enum2;
  }

  private final Functions functions;
  private final String version;

  private NativeLzma(Functions functions) {
    this.functions = functions;
    this.version = functions.lzma_version_string();
  }

  /**
   * Loads liblzma.
   *
   * @throws UnsatisfiedLinkError when JNA or liblzma cannot be loaded, or the library is too old
   *     or built for a platform this binding does not describe
   */
  static NativeLzma load() {
    if (Native.SIZE_T_SIZE != Long.BYTES) {
      throw new UnsatisfiedLinkError(
          "the liblzma binding describes 64-bit platforms; size_t here has "
              + Native.SIZE_T_SIZE + " bytes");
    }
    UnsatisfiedLinkError failure = new UnsatisfiedLinkError("liblzma not found");
    for (String name : LIBRARY_NAMES) {
      try {
        Functions functions = Native.load(name, Functions.class);
        long versionNumber = Integer.toUnsignedLong(functions.lzma_version_number());
        if (versionNumber < FIRST_STABLE_VERSION) {
          throw new UnsatisfiedLinkError(
              "liblzma " + functions.lzma_version_string() + " is older than 5.0.0");
        }
        return new NativeLzma(functions);
      } catch (UnsatisfiedLinkError e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  /** The library's version, e.g. {@code 5.4.1}. */
  String version() {
    return version;
  }

  int streamDecoder(LzmaStream stream, long memoryLimit, int flags) {
    return functions.lzma_stream_decoder(stream, memoryLimit, flags);
  }

  int code(LzmaStream stream, int action) {
    return functions.lzma_code(stream, action);
  }

  void end(LzmaStream stream) {
    functions.lzma_end(stream);
  }
}
