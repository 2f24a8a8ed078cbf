package org.imagerelease.localcloud.disk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Deterministic bytes that compress roughly like the files of an installed OS: a mix of
 * already-compressed data (incompressible), machine-code-like bytes, string tables, symbol or
 * relocation tables and alignment padding. Under xz the mix shrinks about 2.5 to 3.5 times,
 * which is what real cloud images do, so compression and transfer timings are meaningful.
 */
public final class SyntheticContent {
  private static final String[] WORDS = (
      "systemd kernel module init error warning failed started stopped service socket target"
          + " mount device network interface address route dracut initramfs firmware driver pci"
          + " usb block disk partition filesystem btrfs ext4 xfs vfat efi grub shim boot loader"
          + " config option value default enabled disabled true false yes no user group root"
          + " /usr/lib64/ /usr/bin/ /etc/ /var/log/ /run/ /sys/ /proc/ /dev/ .so .conf .service"
          + " GLIBC_2.34 GLIBC_2.17 GLIBCXX_3.4 CXXABI_1.3 libc.so.6 libm.so.6 libpthread"
          + " malloc free memcpy strlen printf fprintf open close read write ioctl mmap munmap"
          + " %s %d %lu %zu 0x%08x (null) invalid argument permission denied no such file"
          + " cannot allocate memory operation not permitted timed out connection refused"
          + " fedora cloud base image release version arch x86_64 aarch64 noarch rpm dnf"
          + " selinux policy context unconfined_u object_r system_r s0 label relabel audit")
      .split(" ");
  private static final byte[][] WORD_BYTES = new byte[WORDS.length][];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      WORD_BYTES[i] = WORDS[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** Frequent x86-64 opcode and ModRM bytes; real code is dominated by a few dozen values. */
  private static final byte[] OPCODES = HexFormat.of().parseHex(
      "48898be8c30f1f440000415554535b5d415c83c408ff157475eb85c0"
          + "31d24c8d0545e5ec1020f8393d6690cc7d24182830b8010284c74350"
          + "57565e5f0b032b63");

  private enum Kind { COMPRESSED, CODE, STRINGS, TABLE, PADDING }

  private final SeededRandom random;

  public SyntheticContent(long seed) {
    this.random = new SeededRandom(seed);
  }

  /** {@code length} bytes shaped like an executable or shared library. */
  public byte[] binary(int length) {
    byte[] bytes = new byte[length];
    fillBinary(bytes, 0, length);
    return bytes;
  }

  /** Fills {@code target[offset, offset+length)} with executable-like bytes. */
  public void fillBinary(byte[] target, int offset, int length) {
    int position = offset;
    int end = offset + length;
    while (position < end) {
      Kind kind = nextKind();
      int segment = Math.min(end - position, segmentLength(kind));
      switch (kind) {
        case COMPRESSED -> fillRandom(target, position, segment);
        case CODE -> fillCode(target, offset, position, segment);
        case STRINGS -> fillStrings(target, position, segment, (byte) 0);
        case TABLE -> fillTable(target, position, segment);
        case PADDING -> Arrays.fill(target, position, position + segment, (byte) 0);
      }
      position += segment;
    }
  }

  /** {@code length} bytes of log- or config-like ASCII text, one phrase a line. */
  public byte[] text(int length) {
    byte[] bytes = new byte[length];
    fillStrings(bytes, 0, length, (byte) '\n');
    return bytes;
  }

  private Kind nextKind() {
    int roll = random.nextInt(100);
    if (roll < 10) {
      return Kind.COMPRESSED;
    }
    if (roll < 50) {
      return Kind.CODE;
    }
    if (roll < 76) {
      return Kind.STRINGS;
    }
    if (roll < 92) {
      return Kind.TABLE;
    }
    return Kind.PADDING;
  }

  private int segmentLength(Kind kind) {
    return switch (kind) {
      case PADDING -> random.nextInt(64, 1024);
      case TABLE -> random.nextInt(512, 4096);
      default -> random.nextInt(1024, 8192);
    };
  }

  private void fillRandom(byte[] target, int from, int count) {
    int i = from;
    int end = from + count;
    while (i + 8 <= end) {
      long value = random.nextLong();
      for (int b = 0; b < 8; b++) {
        target[i++] = (byte) (value >>> (b * 8));
      }
    }
    long value = random.nextLong();
    while (i < end) {
      target[i++] = (byte) value;
      value >>>= 8;
    }
  }

  /** Skewed byte values plus short repeats of earlier bytes, as compiled code has. */
  private void fillCode(byte[] target, int bufferStart, int from, int count) {
    int i = from;
    int end = from + count;
    while (i < end) {
      int roll = random.nextInt(100);
      int available = i - bufferStart;
      if (roll < 25 && available > 64) {
        int length = Math.min(end - i, random.nextInt(4, 32));
        int distance = random.nextInt(8, Math.min(available, 16384));
        System.arraycopy(target, i - distance, target, i, Math.min(length, distance));
        i += Math.min(length, distance);
      } else if (roll < 90) {
        target[i++] = OPCODES[random.nextInt(OPCODES.length)];
      } else {
        target[i++] = (byte) random.nextInt(256);
      }
    }
  }

  private void fillStrings(byte[] target, int from, int count, byte separator) {
    int i = from;
    int end = from + count;
    while (i < end) {
      int words = random.nextInt(1, 8);
      for (int w = 0; w < words && i < end; w++) {
        byte[] word = random.nextInt(8) == 0
            ? Integer.toHexString(random.nextInt(1 << 24)).getBytes(StandardCharsets.US_ASCII)
            : WORD_BYTES[random.nextInt(WORD_BYTES.length)];
        int length = Math.min(word.length, end - i);
        System.arraycopy(word, 0, target, i, length);
        i += length;
        if (i < end && w + 1 < words) {
          target[i++] = ' ';
        }
      }
      if (i < end) {
        target[i++] = separator;
      }
    }
  }

  /** Fixed-width records with slowly changing fields, like ELF symbol or relocation tables. */
  private void fillTable(byte[] target, int from, int count) {
    long address = 0x400000L + random.nextInt(1 << 20) * 16L;
    int index = random.nextInt(4096);
    int i = from;
    int end = from + count;
    while (i < end) {
      address += random.nextInt(1, 64) * 8L;
      long[] fields = {address, index++, random.nextInt(4), 0};
      for (long field : fields) {
        for (int b = 0; b < 8 && i < end; b++) {
          target[i++] = (byte) (field >>> (b * 8));
        }
      }
    }
  }
}
