package org.imagerelease.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseTimeouts;

/**
 * Reads the configuration: the file given on the command line, else the one named by
 * {@code FEDORA_MESSAGING_CONF}, else built-in defaults. {@code TEMPORAL_ADDRESS} and
 * {@code TEMPORAL_NAMESPACE} override the file, as they do for Temporal's own tools.
 */
public final class ConfigLoader {
  public static final String CONFIG_ENV = "FEDORA_MESSAGING_CONF";

  /** Top-level keys of a fedora-messaging file that this project does not use. */
  private static final String[] FEDORA_MESSAGING_KEYS_NOT_USED = {"callback", "publish_priority", "monitoring", "log_config"};

  /** The queue and bindings used when the file declares none. */
  static final String DEFAULT_QUEUE = "image-release";

  static final List<String> DEFAULT_ROUTING_KEYS =
      List.of("org.fedoraproject.*.pungi.compose.status.change", "org.fedoraproject.*.resultsdb.result.new");


  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static ConfigLoader fromSystem() {
    return new ConfigLoader(System.getenv());
  }

  /** Loads the explicit file, else the one named in the environment, else the defaults. */
  public ImageReleaseConfig load(Optional<Path> explicitFile) {
    Optional<Path> file = explicitFile.or(() -> Optional.ofNullable(environment.get(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of));
    if (file.isEmpty()) {
      return parse(new TomlTable("", null), "built-in defaults");
    }
    Path path = file.get();
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("configuration file " + path.toAbsolutePath() + " does not exist or is not a file");
    }
    try {
      JsonNode tree = new TomlMapper().readTree(path.toFile());
      return parse(new TomlTable("", tree), path.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new ConfigException("configuration file " + path.toAbsolutePath() + " is not valid TOML: " + e.getMessage(), e);
    } catch (ConfigException e) {
      throw new ConfigException(path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** The configuration with nothing but defaults and environment overrides. */
  public ImageReleaseConfig defaults() {
    return load(Optional.empty());
  }

  ImageReleaseConfig parse(TomlTable top, String source) {
    TomlTable ours = top.table("consumer_config");
    try {
      MessagingSettings messagingSettings = messagingSettings(top);
      top.rejectUnknownKeys(FEDORA_MESSAGING_KEYS_NOT_USED);
      ImageReleaseConfig config =
          new ImageReleaseConfig(
              source,
              temporal(ours.table("temporal")),
              gate(ours.table("gate")),
              timeouts(ours.table("timeouts")),
              transfer(ours.table("transfer")),
              targets(ours),
              worker(ours.table("worker")),
              messaging(messagingSettings, ours.table("composes"), ours.table("messages")),
              resultsDb(ours.table("resultsdb")),
              regionFailure(ours.table("regions")),
              TargetModules.NOT_YET_SUPPORTED.stream().filter(ours::has).toList());
      ours.rejectUnknownKeys(TargetModules.NOT_YET_SUPPORTED.toArray(String[]::new));
      return config;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[consumer_config]: " + e.getMessage(), e);
    }
  }

  private TemporalSettings temporal(TomlTable table) {
    String target = env("TEMPORAL_ADDRESS").orElse(table.string("target", "127.0.0.1:7233"));
    String namespace = env("TEMPORAL_NAMESPACE").orElse(table.string("namespace", "default"));
    TemporalSettings settings = new TemporalSettings(target, namespace, table.string("task_queue", ImageReleaseWorkflow.TASK_QUEUE));
    table.rejectUnknownKeys();
    return settings;
  }

  private static GateSettings gate(TomlTable table) {
    String policyName = table.string("policy", GatePolicy.TESTS.configName());
    GatePolicy policy;
    try {
      policy = GatePolicy.fromConfigName(policyName);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("consumer_config.gate.policy: " + e.getMessage());
    }
    GateSettings settings =
        new GateSettings(
            policy,
            table.duration("timeout", Duration.ofHours(24)),
            table.strings("testcases", List.of("compose.cloud_autocloud")));
    table.rejectUnknownKeys();
    return settings;
  }

  private static ReleaseTimeouts timeouts(TomlTable table) {
    ReleaseTimeouts defaults = ReleaseTimeouts.defaults();
    ReleaseTimeouts timeouts =
        new ReleaseTimeouts(
            table.duration("transfer_heartbeat", defaults.transferHeartbeat()),
            table.duration("transfer_attempt", defaults.transferAttempt()),
            table.duration("cloud_call", defaults.cloudCall()));
    table.rejectUnknownKeys();
    return timeouts;
  }

  private static TransferSettings transfer(TomlTable table) {
    TransferSettings d = TransferSettings.defaults();
    long blockSize = table.size("block_size", d.blockSize());
    if (blockSize < 4096 || blockSize > (64 << 20) || Long.bitCount(blockSize) != 1) {
      throw new ConfigException("consumer_config.transfer.block_size must be a power of two between 4KiB and 64MiB, was " + blockSize);
    }
    int decodeThreads = table.integer("decode_threads", 0, 0, 256);
    TransferSettings settings =
        new TransferSettings(
            (int) blockSize,
            table.integer("sink_parallelism", d.sinkParallelism(), 1, 1024),
            decodeThreads == 0 ? d.decodeThreads() : decodeThreads,
            table.duration("connect_timeout", d.connectTimeout()),
            table.duration("read_timeout", d.readTimeout()),
            table.integer("max_retries", d.maxRetries(), 0, 100),
            table.size("max_image_size", d.maxDecodedSize()),
            table.duration("checkpoint_interval", d.checkpointInterval()),
            memoryBudget(table));
    table.rejectUnknownKeys();
    return settings;
  }

  /** {@code memory_budget}: a size, or "auto" (the default) for half the worker's largest heap. */
  private static long memoryBudget(TomlTable table) {
    JsonNode value = table.raw().get("memory_budget");
    if (value == null || value.isTextual() && value.asText().equals("auto")) {
      table.string("memory_budget", "auto");
      return 0;
    }
    long bytes = table.size("memory_budget", 0);
    if (bytes < (16 << 20)) {
      throw new ConfigException("consumer_config.transfer.memory_budget must be \"auto\" or at least 16MiB, was " + bytes);
    }
    return bytes;
  }

  /** Every target module's table, read by the module itself; an absent table gives its defaults. */
  private static List<TargetConfig> targets(TomlTable ours) {
    return TargetModules.all().stream().map(module -> module.configure(ours.table(module.name()))).toList();
  }

  private static WorkerSettings worker(TomlTable table) {
    WorkerSettings settings =
        new WorkerSettings(
            table.integer("max_concurrent_activities", 8, 1, 1000),
            table.integer("max_concurrent_transfers", 8, 1, 1000),
            table.integer("max_concurrent_workflow_tasks", 50, 1, 10000),
            table.duration("shutdown_grace", Duration.ofMinutes(2)),
            table.strings("targets", List.of()));
    table.rejectUnknownKeys();
    return settings;
  }

  private static RegionFailurePolicy regionFailure(TomlTable table) {
    RegionFailurePolicy defaults = RegionFailurePolicy.defaults();
    RegionFailurePolicy.OnFailure onFailure;
    try {
      onFailure = RegionFailurePolicy.OnFailure.fromConfigName(table.string("on_failure", defaults.onFailure().configName()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("consumer_config.regions.on_failure: " + e.getMessage());
    }
    RegionFailurePolicy policy = new RegionFailurePolicy(onFailure, table.duration("retry_budget", defaults.retryBudget()));
    table.rejectUnknownKeys();
    return policy;
  }

  private static MessagingSettings messagingSettings(TomlTable top) {
    TomlTable tls = top.table("tls");
    MessagingSettings.Tls tlsSettings =
        new MessagingSettings.Tls(path(tls.string("ca_cert", null)), path(tls.string("keyfile", null)), path(tls.string("certfile", null)));
    tls.rejectUnknownKeys();
    Map<String, String> clientProperties = new java.util.LinkedHashMap<>();
    clientProperties.put("app", "image-release");
    TomlTable properties = top.table("client_properties");
    properties.raw().fieldNames().forEachRemaining(name -> clientProperties.put(name, properties.string(name, "")));
    Map<String, MessagingSettings.Exchange> exchanges = new java.util.LinkedHashMap<>();
    TomlTable exchangeTables = top.table("exchanges");
    exchangeTables.raw().fieldNames().forEachRemaining(name -> exchanges.put(name, exchange(exchangeTables.table(name))));
    Map<String, MessagingSettings.Queue> queues = new java.util.LinkedHashMap<>();
    TomlTable queueTables = top.table("queues");
    queueTables.raw().fieldNames().forEachRemaining(name -> queues.put(name, queue(queueTables.table(name))));
    List<MessagingSettings.Binding> bindings = new ArrayList<>();
    for (TomlTable binding : top.tables("bindings")) {
      bindings.add(
          new MessagingSettings.Binding(
              binding.requiredString("queue"), binding.string("exchange", "amq.topic"), binding.strings("routing_keys", List.of())));
      binding.rejectUnknownKeys();
    }
    if (bindings.isEmpty()) {
      bindings.add(new MessagingSettings.Binding(DEFAULT_QUEUE, "amq.topic", DEFAULT_ROUTING_KEYS));
    }
    // A bound queue without its own table is a durable, shared queue, as fedora-messaging declares it.
    bindings.forEach(b -> queues.putIfAbsent(b.queue(), new MessagingSettings.Queue(true, false, false, Map.of())));
    TomlTable qos = top.table("qos");
    MessagingSettings.Qos qosSettings =
        new MessagingSettings.Qos(qos.integer("prefetch_size", 0, 0, Integer.MAX_VALUE), qos.integer("prefetch_count", 10, 1, 65535));
    qos.rejectUnknownKeys();
    return new MessagingSettings(
        top.string("amqp_url", "amqp://guest:guest@localhost:5672/%2F"),
        tlsSettings,
        clientProperties,
        top.string("topic_prefix", ""),
        top.string("publish_exchange", "amq.topic"),
        top.bool("passive_declares", false),
        exchanges,
        queues,
        bindings,
        qosSettings);
  }

  private static MessagingSettings.Exchange exchange(TomlTable table) {
    MessagingSettings.Exchange exchange =
        new MessagingSettings.Exchange(
            table.string("type", "topic"), table.bool("durable", true), table.bool("auto_delete", false), arguments(table.table("arguments")));
    table.rejectUnknownKeys();
    return exchange;
  }

  private static MessagingSettings.Queue queue(TomlTable table) {
    MessagingSettings.Queue queue =
        new MessagingSettings.Queue(
            table.bool("durable", true), table.bool("auto_delete", false), table.bool("exclusive", false), arguments(table.table("arguments")));
    table.rejectUnknownKeys();
    return queue;
  }

  /** AMQP arguments such as x-dead-letter-exchange, x-max-length: strings, numbers, booleans. */
  private static Map<String, Object> arguments(TomlTable table) {
    Map<String, Object> arguments = new java.util.LinkedHashMap<>();
    table.raw().properties().forEach(
        field -> {
          JsonNode value = field.getValue();
          Object converted =
              value.isIntegralNumber() ? (Object) value.asLong() : value.isBoolean() ? (Object) value.asBoolean() : value.asText();
          arguments.put(field.getKey(), converted);
        });
    return arguments;
  }

  private static MessagingConfig messaging(MessagingSettings settings, TomlTable composes, TomlTable messages) {
    ComposeFilter filter;
    try {
      filter =
          new ComposeFilter(
              composes.strings("releases", List.of()), composes.strings("compose_types", List.of()), composes.string("label_pattern", ""));
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new ConfigException("consumer_config.composes.label_pattern is not a valid regular expression: " + e.getDescription());
    }
    composes.rejectUnknownKeys();
    MessagingConfig config =
        new MessagingConfig(settings, filter, messages.size("max_bytes", 1 << 20), messages.bool("publish_events", false));
    messages.rejectUnknownKeys();
    return config;
  }

  private static ResultsDbConfig resultsDb(TomlTable table) {
    String url = table.string("url", "");
    Optional<java.net.URI> uri = Optional.empty();
    if (!url.isBlank()) {
      try {
        uri = Optional.of(java.net.URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("consumer_config.resultsdb.url is not a URL: " + url);
      }
    }
    ResultsDbConfig config = new ResultsDbConfig(uri, table.duration("poll_interval", Duration.ofMinutes(5)));
    table.rejectUnknownKeys();
    return config;
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(s -> !s.isBlank());
  }
}
