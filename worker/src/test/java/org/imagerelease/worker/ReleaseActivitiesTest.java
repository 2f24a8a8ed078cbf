package org.imagerelease.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.TestResultActivities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseActivitiesTest {
  @TempDir Path dir;

  @Test
  void theResultsDbPollerIsRegisteredWhenAResultsDbIsConfigured() throws Exception {
    Path file = Files.writeString(dir.resolve("config.toml"), """
        [consumer_config.resultsdb]
        url = "https://resultsdb.example.org/api/v2.0"
        poll_interval = "10m"
        """);
    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(file));

    assertThat(ReleaseActivities.from(config, WorkerExtras.none())).filteredOn(TestResultActivities.class::isInstance).hasSize(1);
  }

  @Test
  void withoutAResultsDbThereIsNoPoller() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();

    assertThat(ReleaseActivities.from(config, WorkerExtras.none())).noneMatch(TestResultActivities.class::isInstance).hasSize(3);
  }
}
