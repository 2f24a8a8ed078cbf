package org.imagerelease.starter.cli;

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
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.starter.ImageReleaseCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What {@code --log-format json} writes: Logback's JSON encoder, one parseable object per line, the MDC included. */
class JsonLogLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger("org.imagerelease.starter.cli.JsonLogLinesTest");

  @BeforeEach
  void captureTheRootLoggersOutput() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("TEXT %msg%n");
    text.start();
    capture.setContext(context);
    capture.setEncoder(text);
    capture.setOutputStream(captured);
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    log.setLevel(Level.INFO);
  }

  @AfterEach
  void restoreText() {
    Logging.use(LogFormat.TEXT);
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    log.setLevel(null);
  }

  @Test
  void everyLineIsOneJsonObjectWithTheMdc() throws Exception {
    Logging.use(LogFormat.JSON);
    try (var compose = MDC.putCloseable("composeId", "Fedora-42-20261124.n.0");
        var image = MDC.putCloseable("image", "Fedora-Cloud-Base.qcow2")) {
      log.info("Uploading {} with \"quotes\"\nand a second line", "Fedora-Cloud-Base.qcow2");
    }
    log.warn("failed", new IllegalStateException("why"));

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(0).get("formattedMessage").asText()).isEqualTo("Uploading Fedora-Cloud-Base.qcow2 with \"quotes\"\nand a second line");
    assertThat(lines.get(0).get("mdc").get("composeId").asText()).isEqualTo("Fedora-42-20261124.n.0");
    assertThat(lines.get(0).get("mdc").get("image").asText()).isEqualTo("Fedora-Cloud-Base.qcow2");
    assertThat(lines.get(1).get("throwable").get("message").asText()).isEqualTo("why");
  }

  @Test
  void theCommandLineOptionSwitchesToJsonBeforeTheCommandRuns() throws Exception {
    int exit = ImageReleaseCli.run(new String[] {"--log-format", "json", "--version"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    log.info("after the switch");

    assertThat(exit).isZero();
    assertThat(lines()).singleElement().satisfies(line -> assertThat(line.get("formattedMessage").asText()).isEqualTo("after the switch"));
  }

  @Test
  void theOptionIsTakenAfterTheCommandsNameToo() throws Exception {
    ImageReleaseCli.run(new String[] {"plan", "--log-format", "JSON", "--help"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    log.info("after the switch");

    assertThat(lines()).singleElement().satisfies(line -> assertThat(line.get("level").asText()).isEqualTo("INFO"));
  }

  @Test
  void textIsWhatItWasBefore() {
    Logging.use(LogFormat.JSON);
    Logging.use(LogFormat.TEXT);
    log.info("plain");

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("TEXT plain" + System.lineSeparator());
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode object = JSON.readTree(line);
      assertThat(object.isObject()).as("line %s", line).isTrue();
      objects.add(object);
    }
    return objects;
  }
}
