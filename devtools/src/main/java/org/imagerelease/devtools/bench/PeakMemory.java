package org.imagerelease.devtools.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The most memory this JVM has held: resident set (the kernel's high-water mark), heap in use and
 * heap kept alive. Heap in use peaks just before a collection and the live heap shows just after
 * one, so every collection reports what it found; the pools' own peaks would add up maxima
 * reached at different moments.
 */
final class PeakMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private final Set<String> heapPools;
  private final AtomicLong peakHeap = new AtomicLong();
  private final AtomicLong liveHeap = new AtomicLong();

  private PeakMemory() {
    this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Starts watching collections from now on. */
  static PeakMemory watch() {
    PeakMemory memory = new PeakMemory();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            memory.sawCollection(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
          }
        }, null, null);
      }
    }
    return memory;
  }

  private void sawCollection(GarbageCollectionNotificationInfo collection) {
    peakHeap.accumulateAndGet(heapUsed(collection.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
    liveHeap.accumulateAndGet(heapUsed(collection.getGcInfo().getMemoryUsageAfterGc()), Math::max);
  }

  private long heapUsed(Map<String, MemoryUsage> pools) {
    return pools.entrySet().stream()
        .filter(pool -> heapPools.contains(pool.getKey()))
        .mapToLong(pool -> pool.getValue().getUsed())
        .sum();
  }

  /** The most heap in use at any collection so far, or now if that is more. */
  long peakHeapBytes() {
    MemoryUsage now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return peakHeap.accumulateAndGet(now.getUsed(), Math::max);
  }

  /**
   * The most heap still in use after any collection: what the program kept alive, without the
   * garbage it had not yet collected. 0 if nothing was ever collected.
   */
  long liveHeapBytes() {
    return liveHeap.get();
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  static List<String> garbageCollectors() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .toList();
  }

  /** VmHWM of /proc/self/status in bytes, or -1 where there is no such file (not Linux). */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          // "VmHWM:     123456 kB"
          String[] fields = line.substring("VmHWM:".length()).trim().split("\\s+");
          return Long.parseLong(fields[0]) * 1024;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
