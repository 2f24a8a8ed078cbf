package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.disk.DiskImageSpec;
import org.imagerelease.localcloud.disk.DiskImageWriter;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class LocalTestRunnerTest {
  private static final String TESTCASE = "compose.cloud_autocloud";
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";
  private static final long SMALL_DISK = 16 * DiskImageSpec.MIB;

  @TempDir Path directory;

  private final BlockingQueue<TestResult> reported = new LinkedBlockingQueue<>();
  private final List<String> reportedFor = new ArrayList<>();
  private LocalTestRunner runner;

  @AfterEach
  void stopRunner() {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void passesEveryCloudImageOfAGeneratedCompose() throws Exception {
    DemoCompose compose = smallCompose();
    runner = runner(false);

    runner.publish(uploaded("release-" + COMPOSE_ID + "/uploaded/all", stagedInPlace(compose)));

    List<TestResult> results = awaitResults(compose.images().size());
    assertThat(results)
        .extracting(TestResult::item)
        .containsExactlyInAnyOrderElementsOf(compose.images().stream().map(ImageArtifact::fileName).toList());
    assertThat(results).allSatisfy(result -> {
      assertThat(result.testcase()).isEqualTo(TESTCASE);
      assertThat(result.outcome()).isEqualTo("PASSED");
    });
    assertThat(reportedFor).containsOnly(COMPOSE_ID);
    runner.close();
    assertThat(runner.reports()).hasSize(3).allSatisfy(report -> {
      assertThat(report.checks())
          .extracting(ImageCheck::name)
          .containsExactly(BootDiskInspection.DISK, BootDiskInspection.PARTITION_TABLE, BootDiskInspection.EFI_SYSTEM_PARTITION);
      assertThat(report.checks().get(2).detail()).contains("EFI/BOOT/BOOTX64.EFI", "EFI/fedora/shimx64.efi");
    });
  }

  @Test
  void failsAnImageWhoseGptHeaderIsDamaged() throws Exception {
    Path staged = xzDiskImage("Fedora-Cloud-Base-AmazonEC2-42-20261124.n.0.x86_64.raw.xz", true);
    runner = runner(false);

    runner.publish(uploaded("event-1", List.of(rawXz(staged))));

    TestResult result = awaitResults(1).get(0);
    assertThat(result.outcome()).isEqualTo("FAILED");
    assertThat(result.item()).isEqualTo(staged.getFileName().toString());
    assertThat(result.refUrl()).startsWith("file:");
    String report = Files.readString(Path.of(URI.create(result.refUrl())), StandardCharsets.UTF_8);
    assertThat(report).contains("outcome:  FAILED", "FAILED  partition table", "EFI PART");
  }

  @Test
  void passesTheSameImageUndamaged() throws Exception {
    Path staged = xzDiskImage("Fedora-Cloud-Base-AmazonEC2-42-20261124.n.0.x86_64.raw.xz", false);
    runner = runner(false);

    runner.publish(uploaded("event-1", List.of(rawXz(staged))));

    assertThat(awaitResults(1).get(0).outcome()).isEqualTo("PASSED");
  }

  @Test
  void reportsFailedForAGoodImageWhenToldToFailEveryImage() throws Exception {
    Path staged = xzDiskImage("Fedora-Cloud-Base-AmazonEC2-42-20261124.n.0.x86_64.raw.xz", false);
    runner = runner(true);

    runner.publish(uploaded("event-1", List.of(rawXz(staged))));

    assertThat(awaitResults(1).get(0).outcome()).isEqualTo("FAILED");
    runner.close();
    assertThat(runner.reports().get(0).checksPassed()).isTrue();
  }

  @Test
  void testsAnEventDeliveredTwiceOnceAndIgnoresOtherEvents() throws Exception {
    Path staged = xzDiskImage("Fedora-Cloud-Base-AmazonEC2-42-20261124.n.0.x86_64.raw.xz", false);
    runner = runner(false);
    ReleaseEvent event = uploaded("event-1", List.of(rawXz(staged)));

    runner.publish(event);
    runner.publish(event);
    runner.publish(new ReleaseEvent("event-2", ReleaseEventKind.IMAGE_PUBLISHED, COMPOSE_ID, event.images(), ""));
    runner.close();

    assertThat(reported).hasSize(1);
  }

  private LocalTestRunner runner(boolean failEveryImage) {
    return new LocalTestRunner(
        TESTCASE,
        directory.resolve("reports"),
        failEveryImage,
        (composeId, image, result) -> {
          synchronized (reportedFor) {
            reportedFor.add(composeId);
          }
          reported.add(result);
        });
  }

  private List<TestResult> awaitResults(int count) throws InterruptedException {
    List<TestResult> results = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (results.size() < count) {
      TestResult next = reported.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(next).as("result %d of %d", results.size() + 1, count).isNotNull();
      results.add(next);
    }
    return results;
  }

  private DemoCompose smallCompose() throws IOException {
    DemoComposeSpec spec = DemoComposeSpec.nightly("42", "20261124", 0).withVirtualSize(SMALL_DISK).withContainerImage(false);
    return new DemoComposeGenerator(spec).generate(directory.resolve("compose"));
  }

  private static ReleaseEvent uploaded(String eventId, List<LocationImage> images) {
    return new ReleaseEvent(eventId, ReleaseEventKind.IMAGE_UPLOADED, COMPOSE_ID, images, "uploaded privately");
  }

  /** Every image of the compose, as if the mirror had staged it where the generator wrote it. */
  private static List<LocationImage> stagedInPlace(DemoCompose compose) {
    return compose.images().stream().map(image -> staged(image, compose.fileOf(image))).toList();
  }

  private static LocationImage staged(ImageArtifact image, Path file) {
    ImageAtLocation ref = new ImageAtLocation("release-" + COMPOSE_ID, COMPOSE_ID, "mirror", "mirror-primary", image);
    return new LocationImage(ref, COMPOSE_ID + "/" + image.path(), "", Map.of(LocalTestRunner.STAGED_PATH, file.toString()));
  }

  private static LocationImage rawXz(Path file) throws IOException {
    ImageArtifact image =
        new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz", "Cloud/x86_64/images/" + file.getFileName(), Files.size(file), "0".repeat(64));
    return staged(image, file);
  }

  /** A small Fedora-like disk, xz-compressed; damaged, its primary GPT header loses its signature. */
  private Path xzDiskImage(String name, boolean damageGptSignature) throws IOException {
    Path raw = directory.resolve("disk.raw");
    new DiskImageWriter(DiskImageSpec.defaults().withVirtualSize(SMALL_DISK)).write(raw);
    if (damageGptSignature) {
      try (RandomAccessFile disk = new RandomAccessFile(raw.toFile(), "rw")) {
        disk.seek(512);
        disk.write("NOT PART".getBytes(StandardCharsets.US_ASCII));
      }
    }
    Path staged = directory.resolve(name);
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(staged), new LZMA2Options(1))) {
      Files.copy(raw, out);
    }
    return staged;
  }
}
