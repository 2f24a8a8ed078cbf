package org.imagerelease.devtools.demo;

import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagerelease.activities.azure.AzureTarget;
import org.imagerelease.activities.events.ReleaseEventPublisher;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.TestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The demo's stand-in for the test system: it listens to the worker's release events like an
 * Autocloud-style runner listens to the "image uploaded" message, tests each uploaded private
 * image for real ({@link BootDiskInspection}) on its own threads, writes a report file, and
 * reports a ResultsDB-style result: to the release directly, as the ResultsDB consumer would in
 * production, or as a ResultsDB message on the bus for that consumer ({@code demo --amqp}).
 *
 * <p>{@link #publish} only hands the work over, so the event activity never waits for a test.
 * An event seen again (a retried activity) is not tested twice.
 */
public final class LocalTestRunner implements ReleaseEventPublisher, AutoCloseable {
  /** The {@link LocationImage#attributes()} key under which the mirror names the staged file. */
  static final String STAGED_PATH = "stagedPath";
  /** The key under which the AWS target names the snapshot an upload made. */
  static final String SNAPSHOT_ID = "snapshotId";

  private static final Logger log = LoggerFactory.getLogger(LocalTestRunner.class);
  private static final int THREADS = 2;

  private final String testcase;
  private final Path reportDirectory;
  private final boolean failEveryImage;
  private final TestResultReporter reporter;
  private final ExecutorService tests;
  private final Set<String> seenEvents = ConcurrentHashMap.newKeySet();
  private final Map<String, ImageTestReport> reports = new ConcurrentHashMap<>();
  private volatile SnapshotDisk snapshots;
  private volatile PageBlobDisk pageBlobs;

  /**
   * @param testcase the ResultsDB testcase results are reported for, e.g. {@code compose.cloud_autocloud}
   * @param reportDirectory where report files (the results' ref_url) and scratch disks go
   * @param failEveryImage report FAILED whatever the checks find, to show a failed gate
   * @param reporter where results go
   */
  public LocalTestRunner(String testcase, Path reportDirectory, boolean failEveryImage, TestResultReporter reporter) {
    this.testcase = testcase;
    this.reportDirectory = reportDirectory;
    this.failEveryImage = failEveryImage;
    this.reporter = reporter;
    AtomicInteger threads = new AtomicInteger();
    this.tests =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread thread = new Thread(task, "local-test-runner-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Tests AWS uploads too, reading their snapshots back from this endpoint. */
  public LocalTestRunner testingAwsUploadsAt(java.net.URI awsEndpoint) {
    this.snapshots = new SnapshotDisk(awsEndpoint);
    return this;
  }

  /** Tests Azure uploads too, reading their page blobs back from this storage. */
  public LocalTestRunner testingAzureUploadsIn(String blobConnectionString, String container) {
    this.pageBlobs = new PageBlobDisk(blobConnectionString, container);
    return this;
  }

  /** Starts testing every image of an "image uploaded" event; other events are ignored. */
  @Override
  public void publish(ReleaseEvent event) {
    if (event.kind() != ReleaseEventKind.IMAGE_UPLOADED || !seenEvents.add(event.eventId())) {
      return;
    }
    for (LocationImage image : event.images()) {
      try {
        tests.execute(() -> test(event.composeId(), image));
      } catch (RejectedExecutionException stopped) {
        log.warn("Not testing {} of compose {}: the local test runner has stopped", image.ref().imageName(), event.composeId());
      }
    }
  }

  /** The reports so far, by image name. */
  public List<ImageTestReport> reports() {
    return reports.values().stream().sorted(Comparator.comparing(ImageTestReport::imageName)).toList();
  }

  /** Lets running tests finish (they take a second or so), then stops the threads. */
  @Override
  public void close() {
    tests.shutdown();
    try {
      if (!tests.awaitTermination(30, TimeUnit.SECONDS)) {
        tests.shutdownNow();
      }
    } catch (InterruptedException e) {
      tests.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void test(String composeId, LocationImage image) {
    ImageAtLocation ref = image.ref();
    try (var compose = MDC.putCloseable("composeId", composeId);
        var imageName = MDC.putCloseable("image", ref.imageName());
        var location = MDC.putCloseable("location", ref.location())) {
      List<ImageCheck> checks = checks(image);
      boolean passed = !failEveryImage && checks.stream().allMatch(ImageCheck::passed);
      String outcome = passed ? "PASSED" : "FAILED";
      String refUrl = writeReport(composeId, image, checks, outcome);
      reports.put(ref.imageName(), new ImageTestReport(ref.imageName(), outcome, checks, refUrl));
      log.info("Tested {} of compose {} at {}: {}", ref.imageName(), composeId, ref.location(), outcome);
      report(composeId, ref.image(), new TestResult(testcase, ref.imageName(), outcome, refUrl));
    } catch (RuntimeException e) {
      log.warn("Testing {} of compose {} failed unexpectedly", ref.imageName(), composeId, e);
      report(composeId, ref.image(), new TestResult(testcase, ref.imageName(), "FAILED", ""));
    }
  }

  /** Tests what the upload made: the mirror's staged file, the disk an EBS snapshot holds, or an Azure page blob. */
  private List<ImageCheck> checks(LocationImage image) {
    String stagedPath = image.attributes().get(STAGED_PATH);
    if (stagedPath != null) {
      return BootDiskInspection.inspect(image.ref().image(), Path.of(stagedPath), reportDirectory);
    }
    String snapshotId = image.attributes().get(SNAPSHOT_ID);
    if (snapshotId != null && snapshots != null) {
      return BootDiskInspection.inspectSnapshot(image.ref().image(), snapshots, image.ref().location(), snapshotId, reportDirectory);
    }
    if (image.ref().target().equals(AzureTarget.NAME) && pageBlobs != null) {
      return BootDiskInspection.inspectPageBlob(image.ref().image(), pageBlobs, image.ref().composeId(), image.ref().imageName(), reportDirectory);
    }
    return List.of(
        ImageCheck.failure(
            "uploaded image", "the upload names neither a " + STAGED_PATH + " nor a " + SNAPSHOT_ID + " nor an Azure blob this runner can read"));
  }

  private void report(String composeId, ImageArtifact image, TestResult result) {
    try {
      reporter.report(composeId, image, result);
    } catch (WorkflowNotFoundException ended) {
      // Another image's failure already closed the gate and the release ended.
      log.info("Result {} for {} not reported: the release of compose {} has ended", result.outcome(), result.item(), composeId);
    } catch (RuntimeException e) {
      log.warn("Could not report result {} for {} of compose {}: {}", result.outcome(), result.item(), composeId, e.toString());
    }
  }

  /** Writes the human-readable report the result's ref_url points at; empty if it cannot. */
  private String writeReport(String composeId, LocationImage image, List<ImageCheck> checks, String outcome) {
    ImageAtLocation ref = image.ref();
    StringBuilder text = new StringBuilder();
    text.append(testcase).append(" for ").append(ref.imageName()).append('\n')
        .append("compose:  ").append(composeId).append('\n')
        .append("location: ").append(ref.target()).append(' ').append(ref.location()).append(" (private, before publishing)\n")
        .append("file:     ").append(image.attributes().getOrDefault(STAGED_PATH, "(none)")).append('\n')
        .append("outcome:  ").append(outcome).append('\n');
    if (failEveryImage) {
      text.append("          reported FAILED on purpose: the demo runs with --fail-tests\n");
    }
    text.append('\n');
    for (ImageCheck check : checks) {
      text.append(check.passed() ? "ok      " : "FAILED  ").append(check.name()).append(": ").append(check.detail()).append('\n');
    }
    Path file = reportDirectory.resolve(ref.imageName() + ".txt");
    try {
      Files.createDirectories(reportDirectory);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file.toUri().toString();
    } catch (IOException e) {
      log.warn("Could not write the test report {}: {}", file, e.toString());
      return "";
    }
  }
}
