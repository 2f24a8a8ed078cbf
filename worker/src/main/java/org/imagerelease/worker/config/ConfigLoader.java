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
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.events.ReleaseNumbers;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.transfer.ThroughputFloor;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateRule;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration: the file given on the command line, else the one named by
 * {@code FEDORA_MESSAGING_CONF}, else built-in defaults. {@code TEMPORAL_ADDRESS} and
 * {@code TEMPORAL_NAMESPACE} override the file, as they do for Temporal's own tools.
 */
public final class ConfigLoader {
  public static final String CONFIG_ENV = "FEDORA_MESSAGING_CONF";
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

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
    List<String> warnings = new ArrayList<>();
    try {
      MessagingSettings messagingSettings = FedoraMessagingKeys.read(top, warnings);
      MonitoringSettings monitoring = monitoring(top.table("monitoring"), warnings);
      rejectUnknownTopLevelKeys(top);
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
              TargetModules.NOT_YET_SUPPORTED.stream().filter(ours::has).toList(),
              warnings,
              monitoring);
      rejectUnknownSettings(ours, warnings);
      warnings.forEach(warning -> log.warn("{}: {}", source, warning));
      return config.withWarnings(warnings);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[consumer_config]: " + e.getMessage(), e);
    }
  }

  /** fedora-messaging refuses a top-level key it does not know, and so does this. */
  private static void rejectUnknownTopLevelKeys(TomlTable top) {
    try {
      top.rejectUnknownKeys(FedoraMessagingKeys.NOT_USED);
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " (fedora-messaging refuses unknown top-level keys too)", e);
    }
  }

  /**
   * A table under {@code [consumer_config]} that is not one of ours is an error (most likely a
   * misspelt one, which must not silently fall back to defaults); a plain value there is another
   * consumer's setting, as in Fedora's own configs ({@code example_key}), and only warned about.
   */
  private static void rejectUnknownSettings(TomlTable ours, List<String> warnings) {
    List<String> foreignValues =
        ours.unknownKeys(TargetModules.NOT_YET_SUPPORTED.toArray(String[]::new)).stream()
            .filter(key -> !isTable(ours.raw().get(key)))
            .toList();
    foreignValues.forEach(
        key -> warnings.add("consumer_config." + key + " is not an image-release setting (every one of ours is a table); ignored"));
    List<String> allowed = new ArrayList<>(TargetModules.NOT_YET_SUPPORTED);
    allowed.addAll(foreignValues);
    ours.rejectUnknownKeys(allowed.toArray(String[]::new));
  }

  private static boolean isTable(JsonNode value) {
    return value.isObject() || (value.isArray() && value.size() > 0 && value.get(0).isObject());
  }

  private TemporalSettings temporal(TomlTable table) {
    String target = env("TEMPORAL_ADDRESS").orElse(table.string("target", "127.0.0.1:7233"));
    String namespace = env("TEMPORAL_NAMESPACE").orElse(table.string("namespace", "default"));
    TemporalSettings settings = new TemporalSettings(target, namespace, table.string("task_queue", ImageReleaseWorkflow.TASK_QUEUE));
    table.rejectUnknownKeys();
    return settings;
  }

  /**
   * {@code [consumer_config.gate]}: rules decide what each image waits for; {@code testcases}
   * instead makes every image wait for its own results of those (the gate before rules); neither
   * gives Fedora's rules ({@link GateRulesConfig#fedoraDefaults()}).
   */
  private static GateSettings gate(TomlTable table) {
    String policyName = table.string("policy", GatePolicy.TESTS.configName());
    GatePolicy policy;
    try {
      policy = GatePolicy.fromConfigName(policyName);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("consumer_config.gate.policy: " + e.getMessage());
    }
    Duration timeout = table.duration("timeout", Duration.ofHours(24));
    if (table.has("testcases") && table.has("rules")) {
      throw new ConfigException(
          "consumer_config.gate has both testcases and rules: a rule names the testcases of the images it covers; drop testcases");
    }
    GateSettings settings;
    if (table.has("testcases")) {
      if (table.has("uncovered")) {
        throw new ConfigException("consumer_config.gate.uncovered applies to gate rules; with testcases every image is covered");
      }
      settings = new GateSettings(policy, timeout, table.strings("testcases", List.of()));
    } else {
      ImageGatePolicy uncovered;
      try {
        uncovered = ImageGatePolicy.fromConfigName(table.string("uncovered", ImageGatePolicy.APPROVAL.configName()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("consumer_config.gate.uncovered: " + e.getMessage());
      }
      List<GateRule> rules = table.has("rules") ? GateRulesConfig.read(table.tables("rules")) : GateRulesConfig.fedoraDefaults();
      if (rules.isEmpty()) {
        throw new ConfigException("consumer_config.gate.rules is empty: give rules, or testcases every image must pass");
      }
      try {
        settings = GateSettings.withRules(policy, timeout, rules, uncovered);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("consumer_config.gate: " + e.getMessage());
      }
    }
    table.rejectUnknownKeys();
    return settings;
  }

  private static ReleaseTimeouts timeouts(TomlTable table) {
    ReleaseTimeouts defaults = ReleaseTimeouts.defaults();
    ReleaseTimeouts timeouts =
        new ReleaseTimeouts(
            table.duration("transfer_heartbeat", defaults.transferHeartbeat()),
            table.duration("transfer_attempt", defaults.transferAttempt()),
            table.duration("cloud_call", defaults.cloudCall()),
            table.duration("retry_max_interval", defaults.retryMaxInterval()));
    if (timeouts.retryMaxInterval().compareTo(ReleaseTimeouts.TRANSFER_RETRY_INITIAL) < 0) {
      throw new ConfigException("consumer_config.timeouts.retry_max_interval must be at least "
          + ReleaseTimeouts.TRANSFER_RETRY_INITIAL.toSeconds() + "s (a transfer's first wait), was " + timeouts.retryMaxInterval());
    }
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
            memoryBudget(table),
            new ThroughputFloor(
                table.size("minimum_throughput", d.throughputFloor().bytesPerSecond()),
                table.duration("throughput_window", d.throughputFloor().window())));
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
            table.strings("targets", List.of()),
            table.duration("deadlock_detection_timeout", WorkerSettings.DEFAULT_DEADLOCK_DETECTION));
    if (settings.deadlockDetection().compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("consumer_config.worker.deadlock_detection_timeout must be at least 1s (the SDK's own default), was "
          + settings.deadlockDetection());
    }
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

  private static MessagingConfig messaging(MessagingSettings settings, TomlTable composes, TomlTable messages) {
    ComposeFilter filter;
    try {
      filter =
          new ComposeFilter(
              composes.strings("releases", List.of()), composes.strings("compose_types", List.of()), composes.string("label_pattern", ""),
              new ComposeSources(composes.strings("allowed_locations", ComposeSources.FEDORA), composes.bool("allow_local_paths", false)));
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new ConfigException("consumer_config.composes.label_pattern is not a valid regular expression: " + e.getDescription());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("consumer_config.composes.allowed_locations: " + e.getMessage());
    }
    composes.rejectUnknownKeys();
    MessagingConfig config =
        new MessagingConfig(
            settings,
            filter,
            messages.size("max_bytes", 1 << 20),
            messages.bool("publish_events", false),
            messages.bool("consume_dead_letter_queues", false),
            releaseNumbers(messages.table("release_numbers")));
    messages.rejectUnknownKeys();
    return config;
  }

  /** {@code release_numbers = { Rawhide = 44 }}: version word to release number. */
  private static ReleaseNumbers releaseNumbers(TomlTable table) {
    Map<String, Integer> numbers = new java.util.LinkedHashMap<>();
    table.raw().fieldNames().forEachRemaining(version -> numbers.put(version, table.integer(version, 0, 1, 999_999)));
    return new ReleaseNumbers(numbers);
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

  /** fedora-messaging's [monitoring]: its address default (every interface), this project's port default. */
  private MonitoringSettings monitoring(TomlTable table, List<String> warnings) {
    int port = table.integer("port", MonitoringSettings.DEFAULT_PORT, 0, 65535);
    Optional<String> override = env(MonitoringSettings.PORT_ENV);
    if (override.isPresent()) {
      try {
        port = Integer.parseInt(override.get().strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(MonitoringSettings.PORT_ENV + " must be a port number, was " + override.get());
      }
    }
    MonitoringSettings settings = new MonitoringSettings(table.string("address", ""), port);
    table.warnAboutUnknownKeys(warnings, "fedora-messaging reads only address and port there; ignored");
    return settings;
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(s -> !s.isBlank());
  }
}
