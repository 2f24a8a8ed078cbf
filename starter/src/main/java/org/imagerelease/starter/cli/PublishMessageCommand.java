package org.imagerelease.starter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.imagerelease.activities.compose.ComposeInfo;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.messaging.AmqpConnector;
import org.imagerelease.activities.messaging.AmqpMessagePublisher;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.starter.bus.BusEvent;
import org.imagerelease.starter.bus.MessageDump;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "publish-message",
    description = {
      "Publish a fedora-messaging message dump (JSON with topic, body, headers and id, like deploy/messages/*.json) to the configured "
          + "broker, on publish_exchange (amq.topic), persistent, with publisher confirms, and print each message's id and "
          + "topic. The dump's topic is the complete routing key and is sent as it is: topic_prefix is not put in front. "
          + "Headers are sent as they are, and so is the id unless the body was rewritten: a rewritten message is a new "
          + "message and gets a new id.",
      "A Pungi compose status change (...pungi.compose.status.change) can be pointed at a compose: --location sets "
          + "body.location and fills compose_id, compose_date, compose_type and compose_respin from the compose's "
          + "metadata/images.json.",
      "A ResultsDB result (...resultsdb.result.new) can be pointed at a release's images: --compose-id sets "
          + "data[\"productmd.compose.id\"], --item sets data.item (repeat it: one message per image), --outcome sets the "
          + "outcome.",
      ""
    },
    footer = {
      "",
      "With `image-release dev` running on the same broker (COMPOSE_ID is",
      "printed by the first command; `image-release status COMPOSE_ID` lists",
      "the images the gate waits for):",
      "  image-release publish-message samples/pungi-compose-finished.json \\",
      "      --location ./demo/compose",
      "  image-release publish-message samples/resultsdb-result-new.json \\",
      "      --compose-id COMPOSE_ID --item IMAGE_FILE [--item IMAGE_FILE...]",
      "  image-release listen        # the release's events on amq.topic"
    })
public final class PublishMessageCommand implements Callable<Integer> {
  static final String COMPOSE_STATUS = "pungi.compose.status.change";
  static final String RESULT_NEW = "resultsdb.result.new";
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The message dump, one JSON object.")
  Path file;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file with the broker (amqp_url, [tls], publish_exchange). Default: $FEDORA_MESSAGING_CONF, else built-in defaults (amqp://localhost:5672).")
  Path config;

  @Option(names = "--location", paramLabel = "URL|DIR", description = "Compose status dumps: the compose's top directory, an http(s) URL or a local directory.")
  String location;

  @Option(
      names = "--compose-id",
      paramLabel = "ID",
      description = "Compose status dumps: body.compose_id (instead of reading it at --location). Result dumps: data[\"productmd.compose.id\"].")
  String composeId;

  @Option(names = "--item", paramLabel = "IMAGE_FILE", description = "Result dumps: data.item, the image file name; repeatable, one message per item.")
  List<String> items;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Result dumps: the outcome, e.g. PASSED, FAILED, INFO, NEEDS_INSPECTION.")
  String outcome;

  @Override
  public Integer call() throws Exception {
    Logging.quiet();
    FedoraMessage dump = MessageDump.read(file);
    List<FedoraMessage> messages = rewritten(dump);
    ImageReleaseConfig configuration = ConfigLoader.fromSystem().load(Optional.ofNullable(config));
    MessagingSettings verbatim = withoutTopicPrefix(configuration.messaging().settings());
    PrintWriter out = spec.commandLine().getOut();
    try (AmqpMessagePublisher publisher = AmqpMessagePublisher.connect(verbatim, "image-release publish-message")) {
      out.printf("Publishing on %s at %s:%n", verbatim.publishExchange(), AmqpConnector.from(verbatim).endpoint());
      for (FedoraMessage message : messages) {
        publisher.publish(message);
        out.printf("  %s  %s%n      %s%n", message.id(), message.topic(), BusEvent.of(message).summary());
        out.flush();
      }
    }
    return 0;
  }

  /** The messages to send: the dump itself, or its rewrites as the options ask. */
  private List<FedoraMessage> rewritten(FedoraMessage dump) throws Exception {
    boolean composeStatus = hasTopic(dump, COMPOSE_STATUS);
    boolean result = hasTopic(dump, RESULT_NEW);
    if (!composeStatus && (location != null || (composeId != null && !result))) {
      throw usage("--location and --compose-id rewrite " + COMPOSE_STATUS + " and " + RESULT_NEW + " dumps; " + file + " has topic " + dump.topic());
    }
    if (!result && (items != null || outcome != null)) {
      throw usage("--item and --outcome rewrite " + RESULT_NEW + " dumps; " + file + " has topic " + dump.topic());
    }
    if (composeStatus) {
      return List.of(location == null && composeId == null ? dump : composeStatus(dump));
    }
    if (result && items != null) {
      return items.stream().map(item -> result(dump, item)).toList();
    }
    if (result && (composeId != null || outcome != null)) {
      return List.of(result(dump, null));
    }
    return List.of(dump);
  }

  private FedoraMessage composeStatus(FedoraMessage dump) throws Exception {
    ObjectNode body = dump.body().deepCopy();
    if (location != null) {
      String composeLocation = composeLocation(location);
      body.put("location", composeLocation);
      if (composeId == null) {
        ComposeInfo compose = ComposeReader.withDefaults().readAt(composeLocation).compose();
        body.put("compose_id", compose.id());
        body.put("compose_date", compose.date());
        body.put("compose_type", compose.type());
        body.put("compose_respin", compose.respin());
      }
    }
    if (composeId != null) {
      body.put("compose_id", composeId);
    }
    return anotherMessage(dump, body);
  }

  private FedoraMessage result(FedoraMessage dump, String item) {
    ObjectNode body = dump.body().deepCopy();
    JsonNode existingData = body.path("data");
    ObjectNode data = existingData.isObject() ? (ObjectNode) existingData : body.putObject("data");
    if (composeId != null) {
      data.putArray("productmd.compose.id").add(composeId);
    }
    if (item != null) {
      data.putArray("item").add(item);
    }
    if (outcome != null) {
      body.put("outcome", outcome);
    }
    return anotherMessage(dump, body);
  }

  /** A rewritten message is another message: same topic and headers, new id. */
  private static FedoraMessage anotherMessage(FedoraMessage dump, JsonNode body) {
    return new FedoraMessage(UUID.randomUUID().toString(), dump.topic(), dump.headers(), body);
  }

  /** A URL as it is; a directory as its absolute path, which a worker on this machine reads. */
  private String composeLocation(String given) {
    if (URL.matcher(given).lookingAt()) {
      return given;
    }
    Path directory = Path.of(given).toAbsolutePath().normalize();
    if (!Files.isDirectory(directory)) {
      throw usage("--location " + given + " is neither a URL nor a directory");
    }
    return directory.toString();
  }

  /** The dump's topic is complete: publishing it under a prefix would put the environment in twice. */
  static MessagingSettings withoutTopicPrefix(MessagingSettings settings) {
    return new MessagingSettings(
        settings.amqpUrl(),
        settings.tls(),
        settings.clientProperties(),
        "",
        settings.publishExchange(),
        settings.passiveDeclares(),
        settings.exchanges(),
        settings.queues(),
        settings.bindings(),
        settings.qos());
  }

  private static boolean hasTopic(FedoraMessage message, String topic) {
    return message.topic().equals(topic) || message.topic().endsWith("." + topic);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
