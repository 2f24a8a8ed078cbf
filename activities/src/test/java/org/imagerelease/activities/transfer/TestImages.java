package org.imagerelease.activities.transfer;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Disk images and their compressed forms, generated in code. */
public final class TestImages {

  private static final String[] WORDS =
      "the quick brown fox jumps over lazy dog kernel initramfs grub cloud image release mirror"
          .split(" ");

  private TestImages() {}

  /**
   * A sparse-ish image: runs of zeros (some whole blocks, some not aligned) between runs of
   * pseudo-random bytes and of text, about a third of it non-zero.
   */
  public static byte[] sparseImage(int size, long seed) {
    Random random = new Random(seed);
    byte[] image = new byte[size];
    int position = 0;
    while (position < size) {
      int run = Math.min(size - position, 1 + random.nextInt(200_000));
      switch (random.nextInt(6)) {
        case 0 -> fillRandom(image, position, run, random);
        case 1 -> fillText(image, position, run, random);
        default -> { } // zeros
      }
      position += run;
    }
    return image;
  }

  /** Text in every block except the three all-zero blocks of {@code zeroBlockSize} from 10. */
  public static byte[] denseImage(int size, int zeroBlockSize, long seed) {
    byte[] image = new byte[size];
    fillText(image, 0, size, new Random(seed));
    Arrays.fill(image, 10 * zeroBlockSize, 13 * zeroBlockSize, (byte) 0);
    return image;
  }

  public static byte[] xzSingleBlock(byte[] data) {
    return xzWithBlocksOf(data, Integer.MAX_VALUE);
  }

  /** An .xz stream with a block every {@code blockBytes} of input, like {@code xz -T0} writes. */
  public static byte[] xzWithBlocksOf(byte[] data, int blockBytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(compressed, new LZMA2Options(1))) {
      for (int offset = 0; offset < data.length; offset += blockBytes) {
        xz.write(data, offset, Math.min(blockBytes, data.length - offset));
        if (offset + blockBytes < data.length) {
          xz.endBlock();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  public static byte[] zstd(byte[] data) {
    return Zstd.compress(data, 3);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      joined.writeBytes(part);
    }
    return joined.toByteArray();
  }

  public static byte[] slice(byte[] data, int from, int to) {
    byte[] part = new byte[to - from];
    System.arraycopy(data, from, part, 0, part.length);
    return part;
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many blocks of the image are entirely zero. */
  public static long zeroBlocks(byte[] image, int blockSize) {
    long count = 0;
    for (int offset = 0; offset < image.length; offset += blockSize) {
      boolean zero = true;
      for (int i = offset; i < Math.min(image.length, offset + blockSize) && zero; i++) {
        zero = image[i] == 0;
      }
      count += zero ? 1 : 0;
    }
    return count;
  }

  private static void fillRandom(byte[] image, int position, int length, Random random) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    System.arraycopy(bytes, 0, image, position, length);
  }

  private static void fillText(byte[] image, int position, int length, Random random) {
    int end = position + length;
    int at = position;
    while (at < end) {
      byte[] word = (WORDS[random.nextInt(WORDS.length)] + " ").getBytes(StandardCharsets.US_ASCII);
      int n = Math.min(word.length, end - at);
      System.arraycopy(word, 0, image, at, n);
      at += n;
    }
  }
}
