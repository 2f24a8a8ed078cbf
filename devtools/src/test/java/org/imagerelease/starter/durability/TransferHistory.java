package org.imagerelease.starter.durability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /** The done blocks of every checkpoint the worker offered to its heartbeat, oldest first. */
  List<Set<Long>> checkpointsOf(long pid) {
    List<Set<Long>> checkpoints = new ArrayList<>();
    of(pid, Kind.CHECKPOINTED).forEach(o -> checkpoints.add(o.blocks()));
    return checkpoints;
  }
}
