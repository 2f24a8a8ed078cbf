package org.imagerelease.activities.transfer;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.imagerelease.activities.transfer.hash.ResumableSha256;

/**
 * The checksum an EBS snapshot is completed with (CompleteSnapshot's {@code LINEAR}
 * aggregation, as AWS's own coldsnap computes it): SHA-256 over the raw 32-byte SHA-256 of every
 * block sent, in block-index order, then Base64. All-zero blocks are never sent and take no part.
 *
 * <p>Blocks arrive out of order from parallel senders, and an upload resumed after a crash cannot
 * recompute the digests of blocks sent before it (a finished xz block is skipped undecoded), while
 * keeping every digest would outgrow a heartbeat (a dense 64 GiB image has 131072 of them). So
 * digests are folded into a running SHA-256 as soon as every block before them is known, only the
 * few that arrived early are kept, and the whole state ({@link #state()}) stays a few KB: the
 * SHA-256 midstate, the next block to fold, the count, and the early arrivals. A block folded or
 * kept already is taken as a repeat when it comes again, as it may after a resume.
 */
public final class LinearChecksum {
  private static final String PREFIX = "linear:v1";
  /** An early arrival that is an all-zero block: nothing to fold, only a gap to close. */
  private static final byte[] ZERO = new byte[0];

  private final ResumableSha256 folded;
  private long next;
  private long blocksFolded;
  private final TreeMap<Long, byte[]> early = new TreeMap<>();

  public LinearChecksum() {
    this(new ResumableSha256(), 0, 0);
  }

  private LinearChecksum(ResumableSha256 folded, long next, long blocksFolded) {
    this.folded = folded;
    this.next = next;
    this.blocksFolded = blocksFolded;
  }

  /** The aggregate and the number of blocks it covers ({@code ChangedBlocksCount}). */
  public record Result(String base64, long blocksSent) {}

  /** A block was sent with this SHA-256. */
  public synchronized void add(long index, byte[] sha256) {
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("block " + index + " needs its 32-byte SHA-256");
    }
    arrive(index, sha256.clone());
  }

  /** A block was all zero and not sent. */
  public synchronized void skip(long index) {
    arrive(index, ZERO);
  }

  /** Blocks that arrived before one of their predecessors and wait to be folded. */
  public synchronized int waiting() {
    return early.size();
  }

  /**
   * The state to checkpoint: {@code linear:v1:<next>:<folded>:<sha256 state>:<early arrivals>},
   * each early arrival {@code index=hex digest} or {@code index=0} for a zero block.
   */
  public synchronized String state() {
    StringJoiner waiting = new StringJoiner(",");
    early.forEach((index, digest) -> waiting.add(index + "=" + (digest == ZERO ? "0" : HexFormat.of().formatHex(digest))));
    return PREFIX + ':' + next + ':' + blocksFolded + ':' + folded.saveState() + ':' + waiting;
  }

  /** Continues from a {@link #state()}. */
  public static LinearChecksum restore(String state) {
    String[] parts = state.split(":", -1);
    // linear, v1, next, folded, then the SHA-256 state's own four fields, then the early arrivals.
    if (parts.length != 9 || !(parts[0] + ':' + parts[1]).equals(PREFIX)) {
      throw new IllegalArgumentException("Not a linear checksum state: " + abbreviated(state));
    }
    LinearChecksum restored =
        new LinearChecksum(
            ResumableSha256.restore(String.join(":", parts[4], parts[5], parts[6], parts[7])),
            Long.parseLong(parts[2]),
            Long.parseLong(parts[3]));
    if (!parts[8].isEmpty()) {
      for (String arrival : parts[8].split(",")) {
        int equals = arrival.indexOf('=');
        String digest = arrival.substring(equals + 1);
        restored.early.put(Long.parseLong(arrival.substring(0, equals)), digest.equals("0") ? ZERO : HexFormat.of().parseHex(digest));
      }
    }
    return restored;
  }

  /**
   * The aggregate of an image of {@code blockCount} blocks.
   *
   * @throws IllegalStateException when a block is missing: completing would fail or be wrong
   */
  public synchronized Result finish(long blockCount) {
    if (next != blockCount || !early.isEmpty()) {
      throw new IllegalStateException(
          "the linear checksum has every block up to " + next + " of " + blockCount + ", and " + early.size() + " beyond");
    }
    return new Result(Base64.getEncoder().encodeToString(folded.digest()), blocksFolded);
  }

  private void arrive(long index, byte[] digest) {
    if (index < next) {
      return;
    }
    early.put(index, digest);
    for (Map.Entry<Long, byte[]> first = early.firstEntry(); first != null && first.getKey() == next; first = early.firstEntry()) {
      early.pollFirstEntry();
      if (first.getValue() != ZERO) {
        folded.update(first.getValue());
        blocksFolded++;
      }
      next++;
    }
  }

  private static String abbreviated(String state) {
    return state.length() <= 80 ? state : state.substring(0, 80) + "...";
  }
}
