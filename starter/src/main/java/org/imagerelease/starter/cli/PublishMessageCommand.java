package org.imagerelease.starter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.imagerelease.activities.compose.ComposeInfo;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.ComposeSources;
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
      "Publish messages as `fedora-messaging publish FILE` does: FILE (or - for standard input) holds serialized messages,",
      "one per line, as `fedora-messaging record` writes them (topic and body required; headers, id, queue, priority",
      "optional). Each goes to publish_exchange (or --exchange), persistent, with publisher confirms, under its topic with",
      "topic_prefix put in front when one is configured, as fedora-messaging does; its id and headers are kept, missing",
      "headers are filled as fedora-messaging fills them (schema base.message, severity 20, sent-at now) and its priority",
      "(else 0) is the AMQP priority and the priority header. Each message's id and topic are printed.",
      "Unlike fedora-messaging, a schema header is kept even without a schema package for it, and a message may also be",
      "pretty-printed over several lines (as deploy/messages/ keeps its examples). A rewritten message (the options",
      "below) is a new message and gets a new id. A message recorded with its complete topic (org.fedoraproject.prod....)",
      "is published under topic_prefix too, as fedora-messaging does: replay recordings with a configuration without one.",
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

  @Parameters(paramLabel = "FILE", description = "Serialized messages, one per line; - reads standard input.")
  String file;

  @Option(names = "--exchange", paramLabel = "NAME", description = "The exchange to publish to. Default: the configuration's publish_exchange (amq.topic).")
  String exchange;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file with the broker (amqp_url, [tls], publish_exchange, topic_prefix). Default: $FEDORA_MESSAGING_CONF, else built-in defaults (amqp://localhost:5672).")
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
    List<FedoraMessage> dumps = readDumps();
    requireSomethingToRewrite(dumps);
    List<FedoraMessage> messages = new ArrayList<>();
    for (FedoraMessage dump : dumps) {
      messages.addAll(rewritten(dump));
    }
    ImageReleaseConfig configuration = ConfigLoader.fromSystem().load(Optional.ofNullable(config));
    MessagingSettings settings = asFedoraMessagingPublishes(configuration.messaging().settings());
    PrintWriter out = spec.commandLine().getOut();
    try (AmqpMessagePublisher publisher = AmqpMessagePublisher.connect(settings, "image-release publish-message")) {
      out.printf("Publishing on %s at %s:%n", settings.publishExchange(), AmqpConnector.from(settings).endpoint());
      for (FedoraMessage message : messages) {
        publisher.publish(message);
        out.printf("  %s  %s%n      %s%n", message.id(), publisher.routingKeyOf(message.topic()), BusEvent.of(message).summary());
        out.flush();
      }
    }
    return 0;
  }

  private List<FedoraMessage> readDumps() throws IOException {
    if (file.equals("-")) {
      return MessageDump.read(System.in, "standard input", Clock.systemUTC());
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return MessageDump.read(in, file, Clock.systemUTC());
    } catch (NoSuchFileException e) {
      throw usage(file + " does not exist");
    }
  }

  /** An option that rewrites a kind of message the file does not hold is a mistake, not a no-op. */
  private void requireSomethingToRewrite(List<FedoraMessage> dumps) {
    boolean anyComposeStatus = dumps.stream().anyMatch(d -> hasTopic(d, COMPOSE_STATUS));
    boolean anyResult = dumps.stream().anyMatch(d -> hasTopic(d, RESULT_NEW));
    if ((location != null || composeId != null) && !anyComposeStatus && !anyResult) {
      throw usage("--location and --compose-id rewrite " + COMPOSE_STATUS + " and " + RESULT_NEW + " messages; " + file + " has none");
    }
    if ((items != null || outcome != null) && !anyResult) {
      throw usage("--item and --outcome rewrite " + RESULT_NEW + " messages; " + file + " has none");
    }
  }

  /** The messages to send for one of the file: it, or its rewrites as the options ask. */
  private List<FedoraMessage> rewritten(FedoraMessage dump) throws Exception {
    boolean composeStatus = hasTopic(dump, COMPOSE_STATUS);
    boolean result = hasTopic(dump, RESULT_NEW);
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
        // The person at the terminal named the compose; the consumer holds the message to the
        // allowed locations, so this only fills in the fields a real announcement has.
        ComposeInfo compose = ComposeReader.withDefaults(ComposeSources.anywhere()).readAt(composeLocation).compose();
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

  /**
   * As {@code fedora-messaging publish} sends: to {@code --exchange} if given, the topic prefix as
   * configured, and each message's own priority rather than {@code publish_priority} (fedora-messaging's
   * {@code load_message} sets the dump's priority, or 0, over it).
   */
  private MessagingSettings asFedoraMessagingPublishes(MessagingSettings settings) {
    return new MessagingSettings(
        settings.amqpUrl(),
        settings.tls(),
        settings.clientProperties(),
        settings.topicPrefix(),
        exchange == null ? settings.publishExchange() : exchange,
        settings.passiveDeclares(),
        settings.exchanges(),
        settings.queues(),
        settings.bindings(),
        settings.qos(),
        null);
  }

  private static boolean hasTopic(FedoraMessage message, String topic) {
    return message.topic().equals(topic) || message.topic().endsWith("." + topic);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
