package org.imagerelease.starter.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.starter.cli.Sizes;
import org.imagerelease.starter.cli.WatchCommand;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.embedded.EmbeddedTemporal;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStatus;

/**
 * One demo, end to end, on this machine alone: generate a compose, serve it over HTTP, start
 * the embedded Temporal server and a worker whose mirror target has two roots in the workspace,
 * release the compose through the test gate (results from the {@link LocalTestRunner}), follow
 * it live, and report what ended up where. Everything started is stopped on every path.
 */
public final class DemoRun {
  /** How often the live view is refreshed. */
  private static final Duration REFRESH = Duration.ofMillis(250);

  private final boolean failTests;
  private final Path keepDirectory;

  /**
   * @param failTests make the local test runner report FAILED for every image
   * @param keepDirectory where to work and keep everything afterwards; null for a temporary
   *     directory removed at the end
   */
  public DemoRun(boolean failTests, Path keepDirectory) {
    this.failTests = failTests;
    this.keepDirectory = keepDirectory;
  }

  /**
   * Runs the demo, telling {@code progress} what happens and drawing the live view there
   * (redrawn in place when {@code terminal}).
   */
  public DemoReport execute(PrintWriter progress, boolean terminal) throws Exception {
    try (Teardown teardown = new Teardown(notice -> tell(progress, notice))) {
      DemoWorkspace workspace =
          keepDirectory == null
              ? teardown.add("removing the work directory", DemoWorkspace.temporary())
              : DemoWorkspace.kept(keepDirectory);
      ImageReleaseConfig config = DemoConfiguration.forWorkspace(workspace);

      long generationStarted = System.nanoTime();
      DemoCompose compose = generateCompose(workspace, progress);
      Duration generationTime = millisSince(generationStarted);
      ComposeHttpServer http = teardown.add("stopping the compose's HTTP server", ComposeHttpServer.start(compose.location()));
      tell(progress, "Serving it at " + http.baseUri());

      EmbeddedTemporal temporal = teardown.add("stopping the embedded Temporal server", EmbeddedTemporal.inProcess());
      TemporalConnection connection = teardown.add("closing the Temporal connection", temporal.connect());
      ReleaseClient client = new ReleaseClient(connection.client(), config.temporal().taskQueue());
      LocalTestRunner tests =
          new LocalTestRunner(DemoConfiguration.TESTCASE, workspace.testReports(), failTests, client::reportTestResult);
      teardown.add("stopping the worker", ReleaseWorker.start(connection.client(), config, WorkerExtras.publishingTo(tests)));
      teardown.add("stopping the local test runner", tests);
      tellStackIsUp(progress, config);

      long releaseStarted = System.nanoTime();
      client.start(
          new ReleaseRequest(compose.composeRef(http.baseUri()), config.gate(), config.timeouts(), "image-release demo"), false);
      ReleaseStatus end = WatchCommand.follow(client, compose.composeId(), progress, REFRESH, terminal);
      Duration releaseTime = millisSince(releaseStarted);
      // Tests still running when another image's failure closed the gate finish their reports.
      tests.close();

      MirrorInventory inventory = MirrorInventory.of(config.mirror().settings().roots());
      return new DemoReport(
          compose.composeId(),
          end.stage(),
          end.gateOutcome(),
          failTests,
          generationTime,
          releaseTime,
          workspace.directory().toString(),
          workspace.kept(),
          http.baseUri().toString(),
          config.mirror().settings().roots().stream().map(DemoRun::info).toList(),
          inventory.publishedFiles(),
          inventory.checksumFiles(),
          inventory.stagedFiles(),
          tests.reports(),
          end);
    }
  }

  /** Today's nightly compose of Fedora 42, x86_64, with 64 MiB disks. */
  private static DemoCompose generateCompose(DemoWorkspace workspace, PrintWriter progress) throws IOException {
    DemoComposeSpec spec = DemoComposeSpec.nightly("42", today(), 0);
    tell(progress, "Generating compose " + spec.composeId() + " in " + workspace.composeDirectory() + " ...");
    DemoCompose compose = new DemoComposeGenerator(spec).generate(workspace.composeDirectory());
    long bytes = compose.images().stream().mapToLong(ImageArtifact::size).sum();
    tell(progress, "  " + compose.images().size() + " images, " + Sizes.bytes(bytes) + " compressed.");
    return compose;
  }

  private void tellStackIsUp(PrintWriter progress, ImageReleaseConfig config) {
    tell(progress, "Temporal (embedded, in process) and a worker are up. Mirror roots:");
    List<MirrorRoot> roots = config.mirror().settings().roots();
    for (MirrorRoot root : roots) {
      tell(progress, String.format(Locale.ROOT, "  %-15s %s  (%s)", root.name(), root.directory(),
          root == roots.get(0) ? "primary: images are uploaded and tested here" : "replica: images are copied here after the gate"));
    }
    tell(progress, "Releasing. The gate waits for " + DemoConfiguration.TESTCASE + " from the local test runner, "
        + (failTests ? "told to report FAILED for every image (--fail-tests)." : "which checks each uploaded image's disk."));
  }

  private static DemoReport.MirrorRootInfo info(MirrorRoot root) {
    return new DemoReport.MirrorRootInfo(root.name(), root.directory().toString(), root.publicBaseUrl());
  }

  /** Today's compose date, in UTC as Pungi dates composes. */
  private static String today() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  private static Duration millisSince(long startNanos) {
    return Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000);
  }

  private static void tell(PrintWriter progress, String line) {
    progress.println(line);
    progress.flush();
  }
}
