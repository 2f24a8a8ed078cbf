package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.azure.LocalAzure;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.devtools.testing.OneRootRelease;
import org.imagerelease.localcloud.azure.arm.LocalArm;
import org.imagerelease.localcloud.azure.arm.LocalArmConfig;
import org.imagerelease.localcloud.azure.arm.ResourceKind;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.starter.cli.ScheduleCommand;
import org.imagerelease.starter.client.RetentionSchedules;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code image-release retention run} and {@code schedule install} from the command line, against
 * the embedded Temporal server, a worker, and a gallery seeded on the local ARM endpoint.
 */
class RetentionCommandTest {
  private static final String GROUP = "fedora-cloud";
  private static final String GALLERY = "Fedora";
  private static final String DEFINITION = "Fedora-Cloud-41-x64";

  @TempDir Path directory;

  @Test
  void aDryRunPrintsThePlanOfASeededGalleryAndARunRemovesWhatItPlanned() throws Exception {
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(interval -> Duration.ofMillis(20));
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = server.connect();
        LocalArm arm = LocalArm.start(LocalArmConfig.everyDelay(Duration.ofMillis(20)));
        LocalBlobStorage storage = LocalBlobStorage.azuriteOrEmbedded()) {
      System.out.println(getClass().getSimpleName() + " runs against " + storage.description() + " and the local ARM endpoint");
      arm.createGallery(GROUP, GALLERY, "westeurope");
      for (int day = 1; day <= 8; day++) {
        arm.seedVersion(GROUP, GALLERY, DEFINITION, "41.2024100" + day + ".0", true, OffsetDateTime.now().plusDays(100));
      }
      arm.seedVersion(GROUP, GALLERY, DEFINITION, "41.20240901.0", false, OffsetDateTime.now().minusDays(1));
      ImageReleaseConfig config = OneRootRelease.config(server, directory.resolve("mirror")).withTarget(azureAt(arm, storage));
      try (ReleaseWorker worker = ReleaseWorker.start(connection.client(), config, WorkerExtras.none())) {
        StringWriter plan = new StringWriter();
        assertThat(cli(plan, "retention", "run", "--dry-run", "--address", server.address())).as("output: %s", plan).isZero();

        assertThat(plan.toString())
            .contains("Azure gallery " + GALLERY)
            .contains("41.20240901.0")
            .contains("41.20241001.0")
            .doesNotContain("41.20241002.0")
            .contains("Nothing removed (--dry-run).");
        assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).hasSize(9);

        StringWriter run = new StringWriter();
        assertThat(cli(run, "retention", "run", "--address", server.address())).as("output: %s", run).isZero();
        assertThat(run.toString()).contains("Removed 2:");
        assertThat(arm.inventory().of(ResourceKind.IMAGE_VERSION)).extracting(v -> v.id().substring(v.id().lastIndexOf('/') + 1))
            .doesNotContain("41.20240901.0", "41.20241001.0").hasSize(7);
      }
    }
  }

  @Test
  void scheduleInstallSaysTheEmbeddedServerHasNoSchedules() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = ImageReleaseCli.run(new String[] {"schedule", "install", "--address", server.address()}, new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(exit).as("stdout: %s, stderr: %s", out, err).isEqualTo(2);
      assertThat(err.toString()).contains("has no Schedules").contains("retention run");
    }
  }

  @Test
  void scheduleInstallCreatesTheDailyScheduleAndUpdatesItAfterwards() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0)) {
      List<LocalTime> installed = new ArrayList<>();
      RetentionSchedules fake = at -> {
        installed.add(at);
        return installed.size() == 1;
      };
      StringWriter first = new StringWriter();
      StringWriter second = new StringWriter();

      assertThat(install(fake, first, "--at", "03:30", "--address", server.address())).isZero();
      assertThat(install(fake, second, "--address", server.address())).isZero();

      assertThat(installed).containsExactly(LocalTime.of(3, 30), LocalTime.of(4, 0));
      assertThat(first.toString()).contains("Created schedule " + RetentionSchedules.SCHEDULE_ID).contains("03:30 UTC");
      assertThat(second.toString()).contains("Updated schedule");
    }
  }

  private static int install(RetentionSchedules fake, StringWriter out, String... args) {
    ScheduleCommand.Install command = new ScheduleCommand.Install();
    command.useSchedules(connection -> fake);
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    return line.execute(args);
  }

  private static int cli(StringWriter out, String... args) {
    return ImageReleaseCli.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
  }

  private AzureConfig azureAt(LocalArm arm, LocalBlobStorage storage) throws Exception {
    AzureConfig read = AzureConfig.read(new TomlTable("consumer_config.azure", new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"resource_group\": \"" + GROUP + "\", \"gallery\": \"" + GALLERY + "\", \"primary_region\": \"westeurope\", \"storage_account\": \"devstoreaccount1\"}")));
    return read.atLocalEndpoints(new LocalAzure(arm.endpoint(), arm.writeCertificate(directory.resolve("arm.pem")), arm.subscriptionId(),
        URI.create(storage.blobEndpoint()), LocalBlobStorage.DEV_ACCOUNT_KEY));
  }
}
