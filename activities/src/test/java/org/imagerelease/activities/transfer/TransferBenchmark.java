package org.imagerelease.activities.transfer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.localcloud.http.ComposeHttpServer;

/**
 * Manual measurement, not a test: serves an .xz image from localcloud's compose server and times
 * the pipeline into a {@link CountingSink} against {@code curl | xz -T0 -dc | sha256sum} on the
 * same URL, alternating the two. Prints wall and CPU seconds, the pipeline's CPU per thread role
 * (other: the test server and the sampler; JIT and GC threads are not counted there), and the
 * ratios of the minimum and median wall times.
 *
 * <p>Usage: {@code TransferBenchmark generate <image.raw> [MiB]} writes a sparse disk image
 * (zero extents averaging 7 MiB between data extents averaging 3 MiB of text, small integers
 * and random bytes: about 30% non-zero); compress it with {@code xz -T0 -k}, then run
 * {@code TransferBenchmark <image.raw.xz> [runs] [decodeThreads]}.
 */
public final class TransferBenchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private TransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("generate")) {
      long mebibytes = args.length > 2 ? Long.parseLong(args[2]) : 1024;
      Files.write(Path.of(args[1]), sparseDiskImage((int) (mebibytes << 20), 42));
      return;
    }
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    TransferSettings defaults = TransferSettings.defaults();
    int decodeThreads = args.length > 2 ? Integer.parseInt(args[2]) : defaults.decodeThreads();
    TransferSettings settings = defaults.withParallelism(defaults.sinkParallelism(), decodeThreads);
    byte[] bytes = Files.readAllBytes(file);
    try (ComposeHttpServer server = ComposeHttpServer.start(file.toAbsolutePath().getParent())) {
      URI uri = server.uriOf(file.getFileName().toString());
      TransferRequest request =
          new TransferRequest(uri, "bench", "loopback", file.getFileName().toString(),
              bytes.length, TestImages.sha256(bytes), Compression.XZ, null);
      System.out.printf(Locale.ROOT, "%s: %d bytes, %d cores, %d decode threads%n", uri,
          bytes.length, Runtime.getRuntime().availableProcessors(), decodeThreads);
      double[] ours = new double[runs];
      double[] curl = new double[runs];
      for (int run = 0; run < runs; run++) {
        ours[run] = timeOurs(request, settings);
        curl[run] = timeNative(uri);
        System.out.printf(Locale.ROOT, "run %d: ratio native/pipeline %.2f%n", run + 1,
            curl[run] / ours[run]);
      }
      Arrays.sort(ours);
      Arrays.sort(curl);
      System.out.printf(Locale.ROOT,
          "pipeline min %.2f s median %.2f s; native min %.2f s median %.2f s;"
              + " ratio of minimums %.2f, of medians %.2f%n",
          ours[0], ours[runs / 2], curl[0], curl[runs / 2], curl[0] / ours[0],
          curl[runs / 2] / ours[runs / 2]);
    }
  }

  /**
   * Large zero extents between data extents, as a freshly built disk image has them; the data is
   * a mix of random bytes, small integers and words.
   */
  static byte[] sparseDiskImage(int size, long seed) {
    Random random = new Random(seed);
    byte[][] words = new byte[4096][];
    for (int i = 0; i < words.length; i++) {
      byte[] word = new byte[2 + random.nextInt(9)];
      for (int j = 0; j < word.length; j++) {
        word[j] = (byte) ('a' + random.nextInt(26));
      }
      words[i] = word;
    }
    byte[] image = new byte[size];
    long position = 0;
    while (position < size) {
      position += (long) (-Math.log(1 - random.nextDouble()) * (7 << 20));
      long end = Math.min(size, position + (long) (-Math.log(1 - random.nextDouble()) * (3 << 20)));
      for (long run = position; run < end; run += 64 * 1024) {
        int start = (int) run;
        int stop = (int) Math.min(end, run + 64 * 1024);
        int kind = random.nextInt(10);
        if (kind < 2) {
          byte[] noise = new byte[stop - start];
          random.nextBytes(noise);
          System.arraycopy(noise, 0, image, start, noise.length);
        } else if (kind < 5) {
          for (int i = start; i + 1 < stop; i += 4) {
            int value = random.nextInt(1024);
            image[i] = (byte) value;
            image[i + 1] = (byte) (value >> 8);
          }
        } else {
          writeWords(image, start, stop, words, random);
        }
      }
      position = end;
    }
    return image;
  }

  private static void writeWords(byte[] image, int start, int stop, byte[][] words, Random random) {
    int at = start;
    while (at < stop) {
      byte[] word = words[(int) Math.abs(random.nextGaussian() * 600) % words.length];
      for (int i = 0; i < word.length && at < stop; i++) {
        image[at++] = word[i];
      }
      if (at < stop) {
        image[at++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
  }

  private static double timeOurs(TransferRequest request, TransferSettings settings)
      throws IOException {
    CountingSink sink = new CountingSink();
    Map<Long, String> names = new ConcurrentHashMap<>();
    Map<Long, Long> cpu = new ConcurrentHashMap<>();
    Map<Long, Long> before = new ConcurrentHashMap<>();
    sample(names, before);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> sample(names, cpu), 0, 50, TimeUnit.MILLISECONDS);
    long processCpu = PROCESS.getProcessCpuTime();
    long start = System.nanoTime();
    TransferSummary summary =
        new StreamingImageTransfer(settings, ComposeSources.anywhere()).run(request, sink, checkpoint -> { });
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (PROCESS.getProcessCpuTime() - processCpu) / 1e9;
    sampler.shutdownNow();
    System.out.printf(Locale.ROOT,
        "  pipeline: %.2f s wall, %.2f s CPU (JVM incl. server); %d bytes decoded, %d blocks"
            + " written, %d zero%n",
        seconds, cpuSeconds, summary.decodedSize(), sink.blocksAccepted(), summary.blocksZero());
    sample(names, cpu);
    System.out.println("    CPU by thread role: " + byRole(names, cpu, before));
    return seconds;
  }

  private static double timeNative(URI uri) throws IOException, InterruptedException {
    long processCpu = PROCESS.getProcessCpuTime();
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder("bash", "-c",
            "curl -s '" + uri + "' | xz -T0 -dc | sha256sum; times")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes()).strip();
    process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    double serverCpu = (PROCESS.getProcessCpuTime() - processCpu) / 1e9;
    System.out.printf(Locale.ROOT, "  native: %.2f s wall, server %.2f s CPU; %s%n", seconds,
        serverCpu, output.replace('\n', ' '));
    return seconds;
  }

  private static void sample(Map<Long, String> names, Map<Long, Long> cpu) {
    for (long id : THREADS.getAllThreadIds()) {
      long time = THREADS.getThreadCpuTime(id);
      var info = THREADS.getThreadInfo(id);
      if (time > 0 && info != null) {
        names.put(id, info.getThreadName());
        cpu.put(id, time);
      }
    }
  }

  private static String byRole(
      Map<Long, String> names, Map<Long, Long> cpu, Map<Long, Long> before) {
    Map<String, Double> roles = new TreeMap<>();
    cpu.forEach((id, time) -> {
      String name = names.get(id);
      String role = name.startsWith("transfer-") ? name.split("-")[1] : "other";
      roles.merge(role, (time - before.getOrDefault(id, 0L)) / 1e9, Double::sum);
    });
    StringBuilder text = new StringBuilder();
    roles.forEach((role, seconds) ->
        text.append(String.format(Locale.ROOT, "%s %.2f s, ", role, seconds)));
    return text.toString();
  }
}
