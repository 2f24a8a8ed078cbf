package org.imagerelease.starter.durability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.imagerelease.starter.durability.Observation.Kind;

/** What the observed workers recorded, read back per worker process. */
record TransferHistory(List<Observation> observations) {

  TransferHistory {
    observations = List.copyOf(observations);
  }

  List<Observation> of(long pid, Kind kind) {
    return observations.stream().filter(o -> o.pid() == pid && o.kind() == kind).toList();
  }

  boolean has(long pid, Kind kind) {
    return !of(pid, kind).isEmpty();
  }

  /** Blocks the worker's sink accepted, in order, repeats kept. */
  List<Long> acceptedBy(long pid) {
    return of(pid, Kind.ACCEPTED).stream().map(Observation::block).toList();
  }

  /** Blocks the worker's sink accepted more than once. */
  Set<Long> acceptedTwiceBy(long pid) {
    Set<Long> seen = new HashSet<>();
    Set<Long> twice = new TreeSet<>();
    for (long block : acceptedBy(pid)) {
      if (!seen.add(block)) {
        twice.add(block);
      }
    }
    return twice;
  }

  /**
   * Blocks accepted again after they had been accepted once (by any worker, in any attempt), and
   * their bytes, per target: what kills and faults made the uploads send twice.
   */
  Map<String, Resent> resentByTarget() {
    Map<String, Resent> byTarget = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (Observation accepted : observations) {
      if (accepted.kind() != Kind.ACCEPTED) {
        continue;
      }
      String target = accepted.upload().substring(0, accepted.upload().indexOf(' '));
      boolean again = !seen.add(accepted.upload() + " " + accepted.block());
      byTarget.merge(target, new Resent(again ? 1 : 0, again ? accepted.length() : 0, again ? 0 : 1), Resent::plus);
    }
    return byTarget;
  }

  /** Blocks and bytes sent again, beside the distinct blocks an upload needed. */
  record Resent(long blocks, long bytes, long distinctBlocks) {
    Resent plus(Resent other) {
      return new Resent(blocks + other.blocks, bytes + other.bytes, distinctBlocks + other.distinctBlocks);
    }
  }

  /** The done blocks of every checkpoint the worker offered to its heartbeat, oldest first. */
  List<Set<Long>> checkpointsOf(long pid) {
    List<Set<Long>> checkpoints = new ArrayList<>();
    of(pid, Kind.CHECKPOINTED).forEach(o -> checkpoints.add(o.blocks()));
    return checkpoints;
  }
}
