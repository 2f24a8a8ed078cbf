package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.imagerelease.activities.http.HostCredentials;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.disk.DiskImageSpec;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.starter.cli.Json;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets planted everywhere a careless operator puts them (a password in the compose URL, AWS
 * keys, the broker password in the configuration) never come out again: not in the worker's and
 * the CLI's logs, not in what the CLI prints, with or without --json, not in the release's
 * recorded history, not in its events. The release still logs in to the compose server, with the
 * netrc file, and releases to the mirror and AWS, so the secrets were really in use.
 */
class SecretsStayOutTest {
  private static final String URL_PASSWORD = "url-pw-7c1e9f";
  private static final String AWS_KEY_ID = "AKIASECRETKEY4b2d";
  private static final String AWS_SECRET = "aws-secret-d93a1c";
  private static final String AMQP_PASSWORD = "amqp-pw-52e8b0";
  private static final List<String> SECRETS = List.of(URL_PASSWORD, AWS_KEY_ID, AWS_SECRET, AMQP_PASSWORD);

  @TempDir Path directory;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @AfterEach
  void forgetTheSecrets() {
    root().detachAppender(logs);
    System.clearProperty(HostCredentials.FILE_PROPERTY);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void noSecretComesOutOfLogsCliOutputHistoryOrEvents() throws Exception {
    captureEveryLogLine();
    DemoCompose compose =
        new DemoComposeGenerator(DemoComposeSpec.nightly("42", "20261207", 0).withVirtualSize(16 * DiskImageSpec.MIB).withContainerImage(false))
            .generate(directory.resolve("compose"));
    Path netrc = Files.writeString(directory.resolve("netrc"), "machine 127.0.0.1 login releng password " + URL_PASSWORD + "\n");
    System.setProperty(HostCredentials.FILE_PROPERTY, netrc.toString());
    System.setProperty("aws.accessKeyId", AWS_KEY_ID);
    System.setProperty("aws.secretAccessKey", AWS_SECRET);
    try (EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
        TemporalConnection connection = server.connect();
        ComposeHttpServer images = ComposeHttpServer.start(compose.location());
        LocalAws aws = LocalAws.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)))) {
      images.requireLogin("releng", URL_PASSWORD);
      Path configFile = writeConfig(server, aws, images);
      ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(configFile));
      String secretUrl = images.baseUri().toString().replace("http://", "http://releng:" + URL_PASSWORD + "@");
      StringBuilder printed = new StringBuilder();
      try (ReleaseWorker worker = ReleaseWorker.start(connection.client(), config, WorkerExtras.none())) {
        printed.append(cli("plan", "--config", configFile.toString(), "--compose", secretUrl));
        printed.append(cli("start", "--config", configFile.toString(), "--compose", secretUrl));
        ReleaseClient client = new ReleaseClient(connection.client(), config.temporal().taskQueue());
        ReleaseStatus end = endOf(client, compose.composeId());

        assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
        assertThat(end.images()).extracting(image -> image.target()).contains("mirror", "aws");
        printed.append(cli("status", "--config", configFile.toString(), compose.composeId()));
        printed.append(cli("status", "--json", "--config", configFile.toString(), compose.composeId()));
        printed.append(cli("list", "--config", configFile.toString()));
        printed.append(Json.of(end));
        String history = readable(connection.client().fetchHistory(ReleaseIds.workflowId(compose.composeId())).toJson(true));

        assertThat(images.requests()).as("images.json, answering the server's challenge").anySatisfy(r -> {
          assertThat(r.path()).endsWith("/metadata/images.json");
          assertThat(r.status()).isEqualTo(200);
        });
        assertThat(images.requests()).filteredOn(r -> !r.path().endsWith("/metadata/images.json"))
            .as("the images, logged in to from the first request").isNotEmpty().allSatisfy(r -> assertThat(r.status()).isNotEqualTo(401));
        assertThat(history).as("the recorded history").contains(images.baseUri().getHost()).doesNotContain(SECRETS);
        assertThat(printed.toString()).as("what the CLI printed").contains("Dropped the user and password").doesNotContain(SECRETS);
        String logged = logs.list.stream().map(SecretsStayOutTest::line).collect(Collectors.joining("\n"));
        assertThat(logged).as("every log line, the events' included").contains("RELEASED").doesNotContain(SECRETS);
      }
    }
  }

  /** The release's end; its status so far when it takes longer than any release of a few MiB should. */
  private static ReleaseStatus endOf(ReleaseClient client, String composeId) throws InterruptedException {
    for (int look = 0; look < 600; look++) {
      ReleaseStatus status = client.status(composeId);
      if (status.stage().isFinal()) {
        return status;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the release did not end: " + Json.of(client.status(composeId)) + " " + Json.of(client.running(composeId)));
  }

  private Path writeConfig(EmbeddedTemporal server, LocalAws aws, ComposeHttpServer images) throws Exception {
    return Files.writeString(
        directory.resolve("config.toml"),
        """
        amqp_url = "amqp://releng:%s@127.0.0.1:1/%%2F"

        [consumer_config.temporal]
        target = "%s"
        namespace = "%s"

        [consumer_config.gate]
        policy = "none"

        [consumer_config.composes]
        allowed_locations = ["%s"]

        [consumer_config.mirror]
        enabled = true
        [[consumer_config.mirror.roots]]
        name = "local"
        path = "%s"

        [consumer_config.aws]
        enabled = true
        primary_region = "us-east-1"
        regions = ["eu-west-1"]
        endpoint = "%s"
        poll_interval = "50ms"
        [consumer_config.aws.smoke_test]
        enabled = false
        """
            .formatted(AMQP_PASSWORD, server.address(), EmbeddedTemporal.NAMESPACE, images.baseUri(), directory.resolve("mirror"), aws.endpoint()));
  }

  /** The history as JSON, with every payload (base64 there) decoded beside it. */
  private static String readable(String historyJson) {
    StringBuilder out = new StringBuilder(historyJson);
    Matcher payload = Pattern.compile("\"data\": \"([A-Za-z0-9+/=]+)\"").matcher(historyJson);
    while (payload.find()) {
      out.append('\n').append(new String(Base64.getDecoder().decode(payload.group(1)), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ImageReleaseCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as("%s: %s%s", String.join(" ", args), out, err).isZero();
    return out + "\n" + err + "\n";
  }

  private void captureEveryLogLine() {
    logs.start();
    root().addAppender(logs);
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.imagerelease").setLevel(Level.DEBUG);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** The line as an appender writes it: the message with its arguments, MDC and any exception. */
  private static String line(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
    for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
      out.append(' ').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
    }
    return out.toString();
  }
}
