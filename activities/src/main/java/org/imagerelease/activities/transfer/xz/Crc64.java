package org.imagerelease.activities.transfer.xz;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64 as .xz uses it (ECMA-182 polynomial, reflected, initial value and final XOR all ones),
 * eight bytes per step, with runs of zero bytes folded in logarithmic time: an image is mostly
 * zeros, and a zero byte changes the register by a fixed linear map, so {@code n} zero bytes
 * apply that map's {@code n}-th power, assembled from precomputed powers of two.
 */
final class Crc64 {

  private static final long POLYNOMIAL = 0xC96C5795D7870F42L;
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long[][] TABLES = slicingTables();
  /** {@code ZEROS[k]} is the register map of 2^k zero bytes, as 64 column images. */
  private static final long[][] ZEROS = zeroPowers();

  private long register = -1L;

  void update(byte[] bytes, int offset, int length) {
    long crc = register;
    int position = offset;
    int end = offset + length;
    long[] t0 = TABLES[0];
    long[] t1 = TABLES[1];
    long[] t2 = TABLES[2];
    long[] t3 = TABLES[3];
    long[] t4 = TABLES[4];
    long[] t5 = TABLES[5];
    long[] t6 = TABLES[6];
    long[] t7 = TABLES[7];
    for (; end - position >= 8; position += 8) {
      long word = crc ^ littleEndianLong(bytes, position);
      crc = t7[(int) word & 0xff]
          ^ t6[(int) (word >>> 8) & 0xff]
          ^ t5[(int) (word >>> 16) & 0xff]
          ^ t4[(int) (word >>> 24) & 0xff]
          ^ t3[(int) (word >>> 32) & 0xff]
          ^ t2[(int) (word >>> 40) & 0xff]
          ^ t1[(int) (word >>> 48) & 0xff]
          ^ t0[(int) (word >>> 56) & 0xff];
    }
    for (; position < end; position++) {
      crc = t0[((int) crc ^ bytes[position]) & 0xff] ^ (crc >>> 8);
    }
    register = crc;
  }

  /** The same as updating with {@code count} zero bytes. */
  void updateZeros(long count) {
    long crc = register;
    for (int power = 0; count >>> power != 0; power++) {
      if ((count >>> power & 1) != 0) {
        crc = apply(ZEROS[power], crc);
      }
    }
    register = crc;
  }

  long value() {
    return ~register;
  }

  private static long apply(long[] map, long vector) {
    long result = 0;
    long rest = vector;
    for (int bit = 0; rest != 0; bit++, rest >>>= 1) {
      if ((rest & 1) != 0) {
        result ^= map[bit];
      }
    }
    return result;
  }

  private static long[][] slicingTables() {
    long[][] tables = new long[8][256];
    for (int value = 0; value < 256; value++) {
      long crc = value;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
      }
      tables[0][value] = crc;
    }
    for (int slice = 1; slice < 8; slice++) {
      for (int value = 0; value < 256; value++) {
        long previous = tables[slice - 1][value];
        tables[slice][value] = (previous >>> 8) ^ tables[0][(int) previous & 0xff];
      }
    }
    return tables;
  }

  private static long[][] zeroPowers() {
    long[][] powers = new long[64][];
    long[] oneZeroByte = new long[64];
    for (int bit = 0; bit < 64; bit++) {
      long register = 1L << bit;
      oneZeroByte[bit] = TABLES[0][(int) register & 0xff] ^ (register >>> 8);
    }
    powers[0] = oneZeroByte;
    for (int power = 1; power < 64; power++) {
      long[] half = powers[power - 1];
      long[] squared = new long[64];
      for (int bit = 0; bit < 64; bit++) {
        squared[bit] = apply(half, half[bit]);
      }
      powers[power] = squared;
    }
    return powers;
  }

  private static long littleEndianLong(byte[] bytes, int offset) {
    return (long) LITTLE_ENDIAN_LONG.get(bytes, offset);
  }
}
