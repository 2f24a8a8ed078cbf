package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigurationTest {
  @TempDir Path dir;

  /** The demo's test results come from its local test runner: no ResultsDB, no message bus. */
  @Test
  void theDemoNeitherAsksAResultsDbNorPublishesOnABus() throws Exception {
    ImageReleaseConfig config = DemoConfiguration.forWorkspace(DemoWorkspace.kept(dir));

    assertThat(config.resultsDb().url()).isEmpty();
    assertThat(config.messaging().publishEvents()).isFalse();
    assertThat(config.gate().pollInterval()).isNull();
  }
}
