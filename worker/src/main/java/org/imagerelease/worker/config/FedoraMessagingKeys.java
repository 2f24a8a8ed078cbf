package org.imagerelease.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.messaging.MessagingSettings;

/**
 * The keys fedora-messaging itself reads from {@code config.toml}, read with its semantics and
 * defaults ({@code fedora_messaging/config.py} and how its consumer uses them), so that a file
 * written for fedora-messaging, Fedora's own included, means here what it means there:
 *
 * <ul>
 *   <li>{@code [client_properties]} values are any TOML value (Fedora lists {@code
 *       app_contacts_email}); {@code product}, {@code information} and {@code version} are
 *       reserved, as fedora-messaging reserves them.
 *   <li>A {@code [[bindings]]} entry without {@code queue} binds the queue the broker names; a file
 *       without {@code [queues]} then gets fedora-messaging's default one: not durable, exclusive,
 *       deleted with the connection. That queue loses what is published while the consumer is
 *       down, which is said as a warning. {@code exchange} and {@code routing_keys} are required,
 *       as fedora-messaging requires them; {@code arguments} are the binding's own.
 *   <li>Keys of fedora-messaging's sections that image-release does not use are warnings, not
 *       errors: the section belongs to fedora-messaging. {@code callback} and {@code [log_config]}
 *       configure fedora-messaging's own consumer process and are not used. {@code [monitoring]}
 *       ({@code address}, {@code port}) is read by the config loader into {@link MonitoringSettings}.
 * </ul>
 *
 * <p>Two defaults are this project's: without {@code [[bindings]]} the consumer uses the durable
 * queue {@value ConfigLoader#DEFAULT_QUEUE} bound to compose and result topics, dead-lettering to
 * {@value #DEAD_LETTERS} (fedora-messaging would bind a server-named queue to {@code #}); and a bound queue without its own {@code [queues]}
 * table is declared durable (fedora-messaging would leave it unbound), with a warning.
 */
final class FedoraMessagingKeys {
  /** Keys fedora-messaging reads that this project has no use for: they configure its own consumer process. */
  static final String[] NOT_USED = {"callback", "log_config"};

  private static final int NO_PRIORITY = -1;
  /** The default layout's dead-letter exchange and queue, as in deploy/config.toml. */
  static final String DEAD_LETTERS = "image-release.dead-letter";
  static final String DEFAULT_AMQP_URL = "amqp://guest:guest@localhost:5672/%2F";

  private static final List<String> RESERVED_CLIENT_PROPERTIES = List.of("product", "information", "version");
  private static final String SERVER_NAMED_LOSES_MESSAGES =
      "the consumer then uses a queue the broker names, exclusive and deleted when the consumer disconnects: "
          + "every message published while it is down is lost. Name a durable queue in [queues] and in the bindings";

  private final List<String> warnings;

  private FedoraMessagingKeys(List<String> warnings) {
    this.warnings = warnings;
  }

  /** Reads fedora-messaging's keys of the file's top level; what has no effect is added to {@code warnings}. */
  static MessagingSettings read(TomlTable top, List<String> warnings) {
    return new FedoraMessagingKeys(warnings).read(top);
  }

  private MessagingSettings read(TomlTable top) {
    TomlTable tls = top.table("tls");
    MessagingSettings.Tls tlsSettings =
        new MessagingSettings.Tls(path(tls.string("ca_cert", null)), path(tls.string("keyfile", null)), path(tls.string("certfile", null)));
    tls.warnAboutUnknownKeys(warnings, "fedora-messaging reads only ca_cert, keyfile and certfile there; ignored");
    Map<String, MessagingSettings.Exchange> exchanges = new LinkedHashMap<>();
    TomlTable exchangeTables = top.table("exchanges");
    exchangeTables.raw().fieldNames().forEachRemaining(name -> exchanges.put(name, exchange(exchangeTables.table(name))));
    boolean queuesGiven = top.has("queues");
    Map<String, MessagingSettings.Queue> queues = new LinkedHashMap<>();
    TomlTable queueTables = top.table("queues");
    queueTables.raw().fieldNames().forEachRemaining(name -> queues.put(name, queue(queueTables.table(name))));
    List<MessagingSettings.Binding> bindings = bindings(top);
    if (bindings.isEmpty()) {
      addDefaultLayout(exchanges, queues, bindings);
    }
    addBoundQueues(bindings, queues, queuesGiven);
    TomlTable qos = top.table("qos");
    MessagingSettings.Qos qosSettings =
        new MessagingSettings.Qos(qos.integer("prefetch_size", 0, 0, Integer.MAX_VALUE), qos.integer("prefetch_count", 10, 1, 65535));
    qos.warnAboutUnknownKeys(warnings, "fedora-messaging reads only prefetch_size and prefetch_count there; ignored");
    int priority = top.integer("publish_priority", NO_PRIORITY, 0, 255);
    return new MessagingSettings(
        top.string("amqp_url", DEFAULT_AMQP_URL),
        tlsSettings,
        clientProperties(top.table("client_properties")),
        top.string("topic_prefix", ""),
        top.string("publish_exchange", "amq.topic"),
        top.bool("passive_declares", false),
        exchanges,
        queues,
        bindings,
        qosSettings,
        priority == NO_PRIORITY ? null : priority);
  }

  private List<MessagingSettings.Binding> bindings(TomlTable top) {
    List<MessagingSettings.Binding> bindings = new ArrayList<>();
    for (TomlTable binding : top.tables("bindings")) {
      String queue = binding.string("queue", MessagingSettings.SERVER_NAMED_QUEUE);
      if (!binding.has("routing_keys")) {
        throw new ConfigException(binding.path() + ".routing_keys is required (fedora-messaging requires exchange and routing_keys)");
      }
      bindings.add(
          new MessagingSettings.Binding(
              queue, binding.requiredString("exchange"), binding.strings("routing_keys", List.of()), arguments(binding.table("arguments"))));
      binding.warnAboutUnknownKeys(warnings, "fedora-messaging would hand it to the broker with the binding; ignored");
    }
    return bindings;
  }

  /**
   * Without {@code [[bindings]]}, this project's layout, as deploy/config.toml spells it: the
   * durable queue {@value ConfigLoader#DEFAULT_QUEUE} bound to compose and result topics, whose
   * rejected messages (malformed, wrong schema, too large) the broker dead-letters to the durable
   * queue {@value #DEAD_LETTERS} through a fanout exchange of that name, where they wait for
   * {@code image-release dead}. Queues and exchanges of those names configured in the file win.
   */
  private static void addDefaultLayout(
      Map<String, MessagingSettings.Exchange> exchanges, Map<String, MessagingSettings.Queue> queues, List<MessagingSettings.Binding> bindings) {
    bindings.add(new MessagingSettings.Binding(ConfigLoader.DEFAULT_QUEUE, "amq.topic", ConfigLoader.DEFAULT_ROUTING_KEYS));
    bindings.add(new MessagingSettings.Binding(DEAD_LETTERS, DEAD_LETTERS, List.of("#")));
    exchanges.putIfAbsent(DEAD_LETTERS, new MessagingSettings.Exchange("fanout", true, false, Map.of()));
    queues.putIfAbsent(ConfigLoader.DEFAULT_QUEUE, new MessagingSettings.Queue(true, false, false, Map.of("x-dead-letter-exchange", DEAD_LETTERS)));
    queues.putIfAbsent(DEAD_LETTERS, new MessagingSettings.Queue(true, false, false, Map.of()));
  }

  /** Every bound queue gets declared: the server-named one as fedora-messaging's default, a named one durable. */
  private void addBoundQueues(List<MessagingSettings.Binding> bindings, Map<String, MessagingSettings.Queue> queues, boolean queuesGiven) {
    for (MessagingSettings.Binding binding : bindings) {
      if (queues.containsKey(binding.queue())) {
        continue;
      }
      if (binding.queue().equals(MessagingSettings.SERVER_NAMED_QUEUE)) {
        if (queuesGiven) {
          throw new ConfigException(
              "a [[bindings]] entry names no queue, so it binds the queue the broker names, but [queues] declares none "
                  + "(fedora-messaging would bind nothing): name the queue in the binding, or add [queues.\"\"]");
        }
        queues.put(MessagingSettings.SERVER_NAMED_QUEUE, MessagingSettings.Queue.serverNamed());
      } else {
        if (queuesGiven) {
          warnings.add(
              "queue " + binding.queue() + " is bound but has no [queues.\"" + binding.queue()
                  + "\"] table: fedora-messaging would neither bind nor consume it; image-release declares it durable");
        }
        queues.put(binding.queue(), new MessagingSettings.Queue(true, false, false, Map.of()));
      }
    }
    if (queues.containsKey(MessagingSettings.SERVER_NAMED_QUEUE)) {
      warnings.add("a binding names no queue: " + SERVER_NAMED_LOSES_MESSAGES);
    }
  }

  /** Any TOML value; fedora-messaging hands them to the broker as they are. */
  private static Map<String, Object> clientProperties(TomlTable table) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("app", "image-release");
    table.raw().properties().forEach(field -> {
      if (RESERVED_CLIENT_PROPERTIES.contains(field.getKey())) {
        throw new ConfigException(
            "client_properties." + field.getKey() + " is reserved: fedora-messaging (and the AMQP client) set product, information and version");
      }
      properties.put(field.getKey(), plain(field.getValue()));
    });
    return properties;
  }

  private MessagingSettings.Exchange exchange(TomlTable table) {
    MessagingSettings.Exchange exchange =
        new MessagingSettings.Exchange(
            table.string("type", "topic"), table.bool("durable", true), table.bool("auto_delete", false), arguments(table.table("arguments")));
    table.warnAboutUnknownKeys(warnings, "image-release declares exchanges with type, durable, auto_delete and arguments only");
    return exchange;
  }

  private MessagingSettings.Queue queue(TomlTable table) {
    MessagingSettings.Queue queue =
        new MessagingSettings.Queue(
            table.bool("durable", true), table.bool("auto_delete", false), table.bool("exclusive", false), arguments(table.table("arguments")));
    table.warnAboutUnknownKeys(warnings, "image-release declares queues with durable, auto_delete, exclusive and arguments only");
    return queue;
  }

  /** AMQP arguments such as x-dead-letter-exchange, x-max-length: strings, numbers, booleans. */
  private static Map<String, Object> arguments(TomlTable table) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    table.raw().properties().forEach(field -> arguments.put(field.getKey(), plain(field.getValue())));
    return arguments;
  }

  /** A TOML value as the AMQP client takes it: whole numbers as long, lists and tables as lists and maps. */
  private static Object plain(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isArray()) {
      List<Object> items = new ArrayList<>();
      value.forEach(item -> items.add(plain(item)));
      return List.copyOf(items);
    }
    if (value.isObject()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      value.properties().forEach(field -> fields.put(field.getKey(), plain(field.getValue())));
      return fields;
    }
    return value.asText();
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }
}
