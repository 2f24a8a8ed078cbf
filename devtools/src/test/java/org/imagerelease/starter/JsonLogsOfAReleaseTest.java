package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.devtools.testing.OneRootRelease;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.starter.cli.LogFormat;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A release started with {@code --log-format json}: every line the process logs is one JSON
 * object, and an activity's lines say which compose, workflow, image, target and location.
 */
class JsonLogsOfAReleaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
  private final Logger project = (Logger) LoggerFactory.getLogger("org.imagerelease");
  private Level projectLevel;

  /** A text encoder to start with: the command line must be what switches it to JSON. */
  @BeforeEach
  void captureTheRootLoggersOutput() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%msg%n");
    text.start();
    capture.setContext(context);
    capture.setEncoder(text);
    capture.setOutputStream(captured);
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    projectLevel = project.getLevel();
    project.setLevel(Level.INFO);
  }

  @AfterEach
  void restoreText() {
    Logging.use(LogFormat.TEXT);
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    project.setLevel(projectLevel);
  }

  @Test
  void anUploadsLogLinesCarryComposeWorkflowImageTargetAndLocation() throws Exception {
    DemoCompose compose =
        OneRootRelease.smallCompose(directory.resolve("compose"), "20261124");
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = server.connect()) {
      ImageReleaseConfig config = OneRootRelease.config(server, directory.resolve("mirror"));
      // What was logged before the command ran (making the compose, starting the server) was text.
      captured.reset();
      StringWriter stderr = new StringWriter();
      int exit =
          ImageReleaseCli.run(
              new String[] {
                "--log-format", "json", "start", "--address", server.address(), "--compose", compose.location().toString(), "--gate", "approval"
              },
              new PrintWriter(new StringWriter()),
              new PrintWriter(stderr));
      assertThat(exit).as("stderr: %s", stderr).isZero();

      try (ReleaseWorker worker = ReleaseWorker.start(connection.client(), config, WorkerExtras.none())) {
        awaitStage(new ReleaseClient(connection.client(), config.temporal().taskQueue()), compose.composeId(), ReleaseStage.AWAITING_APPROVAL);
      }
    }

    List<JsonNode> lines = lines();
    assertThat(lines)
        .filteredOn(line -> line.path("formattedMessage").asText().startsWith("Uploaded "))
        .isNotEmpty()
        .allSatisfy(
            line -> {
              JsonNode mdc = line.get("mdc");
              assertThat(mdc.path("composeId").asText()).isEqualTo(compose.composeId());
              assertThat(mdc.path("WorkflowId").asText()).isEqualTo("release-" + compose.composeId());
              assertThat(mdc.path("RunId").asText()).isNotBlank();
              assertThat(mdc.path("ActivityType").asText()).isEqualTo("UploadImage");
              assertThat(mdc.path("image").asText()).isNotBlank().isSubstringOf(line.path("formattedMessage").asText());
              assertThat(mdc.path("target").asText()).isEqualTo("mirror");
              assertThat(mdc.path("location").asText()).isEqualTo("local");
            });
  }

  /** Every line parsed on its own: a line that is not one whole JSON object fails here. */
  private List<JsonNode> lines() throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode object = JSON.readTree(line);
      assertThat(object).as("line %s", line).isNotNull();
      assertThat(object.isObject()).as("line %s", line).isTrue();
      objects.add(object);
    }
    return objects;
  }

  private static void awaitStage(ReleaseClient client, String composeId, ReleaseStage stage) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.status(composeId).stage() != stage) {
      assertThat(System.nanoTime()).as("release reaches %s", stage).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
