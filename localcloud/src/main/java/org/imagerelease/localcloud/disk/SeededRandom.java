package org.imagerelease.localcloud.disk;

/**
 * SplitMix64: a tiny generator whose output for a seed is fixed by this code rather than by a
 * JDK release, so generated images stay byte-identical across Java versions.
 */
public final class SeededRandom {
  private long state;

  public SeededRandom(long seed) {
    this.state = seed;
  }

  /** A seed for an independent stream, e.g. one per extent so extents can be made in parallel. */
  public static long derive(long seed, long index) {
    return mix(seed ^ mix(index + 0x9E3779B97F4A7C15L));
  }

  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Multiply-shift maps 32 random bits onto the range; the bias is below 2^-32 per value.
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in {@code [from, to]}. */
  public int nextInt(int from, int to) {
    return from + nextInt(to - from + 1);
  }

  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
