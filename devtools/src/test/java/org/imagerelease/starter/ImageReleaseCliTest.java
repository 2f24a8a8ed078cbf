package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.devtools.testing.OneRootRelease;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.localcloud.http.Faults;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReleaseCliTest {
  @TempDir Path directory;

  /** main() hands run() a System.out writer that flushes only on println; print() must not be lost at exit. */
  @Test
  void whatACommandPrintsReachesABufferedOutput() throws Exception {
    DemoCompose compose =
        OneRootRelease.smallCompose(directory.resolve("compose"), "20261124");
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = server.connect()) {
      ImageReleaseConfig config = OneRootRelease.config(server, directory.resolve("mirror"));
      try (ReleaseWorker worker = ReleaseWorker.start(connection.client(), config, WorkerExtras.none())) {
        ReleaseClient client = new ReleaseClient(connection.client(), config.temporal().taskQueue());
        client.start(
            new ReleaseRequest(compose.composeRef(), new GateSettings(GatePolicy.APPROVAL, Duration.ofMinutes(10), List.of()), null, "test"),
            false);
        awaitStage(client, compose.composeId(), ReleaseStage.AWAITING_APPROVAL);

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter stderr = new StringWriter();
        int exit =
            ImageReleaseCli.run(
                new String[] {"status", "--address", server.address(), compose.composeId()},
                new PrintWriter(stdout, false, StandardCharsets.UTF_8),
                new PrintWriter(stderr, true));

        assertThat(exit).as("stderr: %s", stderr).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("Release of " + compose.composeId() + ": AWAITING_APPROVAL");
      }
    }
  }

  /**
   * While an image server answers 500, the release's own status has no error yet (the step has
   * not given up); status shows the step being retried and why its last attempt failed.
   */
  @Test
  void statusShowsWhyAStepIsBeingRetried() throws Exception {
    DemoCompose compose =
        OneRootRelease.smallCompose(directory.resolve("compose"), "20261124");
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = server.connect();
        ComposeHttpServer images = ComposeHttpServer.start(compose.location())) {
      compose.images().forEach(image -> images.faults().failWith(image.path(), 500, Faults.ALWAYS));
      ImageReleaseConfig config =
          OneRootRelease.config(server, directory.resolve("mirror")).withComposeSources(new ComposeSources(List.of(images.baseUri().toString()), false));
      try (ReleaseWorker worker = ReleaseWorker.start(connection.client(), config, WorkerExtras.none())) {
        ReleaseClient client = new ReleaseClient(connection.client(), config.temporal().taskQueue());
        client.start(
            new ReleaseRequest(compose.composeRef(images.baseUri()), new GateSettings(GatePolicy.APPROVAL, Duration.ofMinutes(10), List.of()), null, "test"),
            false);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (client.running(compose.composeId()).retrying().isEmpty()) {
          assertThat(System.nanoTime()).as("an upload is retried").isLessThan(deadline);
          Thread.sleep(200);
        }

        StringWriter stdout = new StringWriter();
        int exit = ImageReleaseCli.run(
            new String[] {"status", "--address", server.address(), compose.composeId()}, new PrintWriter(stdout, true), new PrintWriter(new StringWriter(), true));
        StringWriter json = new StringWriter();
        ImageReleaseCli.run(
            new String[] {"status", "--json", "--address", server.address(), compose.composeId()}, new PrintWriter(json, true), new PrintWriter(new StringWriter(), true));

        assertThat(exit).isZero();
        assertThat(client.status(compose.composeId()).lastError()).as("the release itself knows of no error yet").isEmpty();
        assertThat(stdout.toString()).containsPattern("retrying UploadImage \\(attempt \\d+\\): .*HTTP 500 for http://127\\.0\\.0\\.1:\\d+/Cloud/");
        assertThat(json.toString()).containsPattern("\"retrying\"\\s*:\\s*\\[").containsPattern("\"activity\"\\s*:\\s*\"UploadImage\"").contains("HTTP 500");
      }
    }
  }

  /**
   * A compose in a local folder, started from the command line under the built-in configuration
   * (Fedora's compose host only): start warns that the workers would refuse it, and workers of
   * that configuration do, at once, without reading it.
   */
  @Test
  void aReleaseStartedFromTheCommandLineIsHeldToTheAllowedLocations() throws Exception {
    DemoCompose compose = OneRootRelease.smallCompose(directory.resolve("compose"), "20261124");
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = server.connect()) {
      ImageReleaseConfig fedoraOnly = OneRootRelease.config(server, directory.resolve("mirror")).withComposeSources(ComposeSources.fedora());
      StringWriter stderr = new StringWriter();
      int exit =
          ImageReleaseCli.run(
              new String[] {"start", "--address", server.address(), "--compose", compose.location().toString(), "--gate", "none"},
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(stderr, true));

      assertThat(exit).as("stderr: %s", stderr).isZero();
      assertThat(stderr.toString())
          .contains("Warning: compose " + compose.composeId() + ": its location '" + compose.location() + "' is not an http(s) URL")
          .contains("allow_local_paths")
          .contains("workers with this configuration fail its release (SourceNotAllowed)");
      try (ReleaseWorker worker = ReleaseWorker.start(connection.client(), fedoraOnly, WorkerExtras.none())) {
        ReleaseClient client = new ReleaseClient(connection.client(), fedoraOnly.temporal().taskQueue());
        awaitStage(client, compose.composeId(), ReleaseStage.FAILED);

        assertThat(client.status(compose.composeId()).lastError()).startsWith("SourceNotAllowed: ").contains("allow_local_paths");
        assertThat(directory.resolve("mirror").resolve(compose.composeId())).doesNotExist();
      }
    }
  }

  private static void awaitStage(ReleaseClient client, String composeId, ReleaseStage stage) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.status(composeId).stage() != stage) {
      assertThat(System.nanoTime()).as("release reaches %s", stage).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
