package org.imagerelease.localcloud.aws;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import org.imagerelease.localcloud.AdvancingClock;

/**
 * The state every API works on: the regions (made on first use, as if every region were
 * enabled), the clock, the configuration in force and the log of creates and deletes.
 */
final class Cloud {
  private final ConcurrentMap<String, Region> regions = new ConcurrentHashMap<>();
  private final AdvancingClock clock = new AdvancingClock();
  private final ResourceLog log = new ResourceLog(clock);
  private final Path blockDirectory;
  private volatile LocalAwsConfig config;

  /** @param blockDirectory where snapshot blocks are kept; null keeps digests only */
  Cloud(LocalAwsConfig config, Path blockDirectory) {
    this.config = config;
    this.blockDirectory = blockDirectory;
  }

  Region region(String name) {
    return regions.computeIfAbsent(name, n -> new Region(n, config.blocksPublicSharing(n)));
  }

  List<Region> regions() {
    return regions.values().stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .toList();
  }

  Instant now() {
    return clock.instant();
  }

  AdvancingClock clock() {
    return clock;
  }

  ResourceLog log() {
    return log;
  }

  LocalAwsConfig config() {
    return config;
  }

  synchronized void reconfigure(UnaryOperator<LocalAwsConfig> change) {
    config = change.apply(config);
  }

  /** A store for a new snapshot's blocks, keeping data when the configuration says so. */
  BlockStore newBlockStore() {
    return BlockStore.create(config.keepBlockData() ? blockDirectory : null);
  }
}
