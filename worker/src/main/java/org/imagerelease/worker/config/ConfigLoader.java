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
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.activities.mirror.MirrorSettings;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseTimeouts;

/**
 * Reads the configuration: the file given on the command line, else the one named by
 * {@code FEDORA_MESSAGING_CONF}, else built-in defaults. {@code TEMPORAL_ADDRESS} and
 * {@code TEMPORAL_NAMESPACE} override the file, as they do for Temporal's own tools.
 */
public final class ConfigLoader {
  public static final String CONFIG_ENV = "FEDORA_MESSAGING_CONF";

  /** Top-level keys of a fedora-messaging file; the messaging ones are read by the consumers. */
  private static final String[] FEDORA_MESSAGING_KEYS = {
    "amqp_url", "callback", "passive_declares", "publish_exchange", "topic_prefix", "publish_priority",
    "tls", "client_properties", "exchanges", "queues", "bindings", "qos", "monitoring", "log_config"
  };

  /** Target tables other tools put in the same file (Fedora's uploader) that this version cannot release to. */
  private static final List<String> NOT_YET_SUPPORTED_TARGETS = List.of("aws", "azure", "gcp", "container");

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
    top.rejectUnknownKeys(FEDORA_MESSAGING_KEYS);
    try {
      ImageReleaseConfig config =
          new ImageReleaseConfig(
              source,
              temporal(ours.table("temporal")),
              gate(ours.table("gate")),
              timeouts(ours.table("timeouts")),
              transfer(ours.table("transfer")),
              mirror(ours.table("mirror")),
              worker(ours.table("worker")),
              NOT_YET_SUPPORTED_TARGETS.stream().filter(ours::has).toList());
      ours.rejectUnknownKeys(NOT_YET_SUPPORTED_TARGETS.toArray(String[]::new));
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
            table.duration("checkpoint_interval", d.checkpointInterval()));
    table.rejectUnknownKeys();
    return settings;
  }

  private static MirrorConfig mirror(TomlTable table) {
    boolean enabled = table.bool("enabled", true);
    List<MirrorRoot> roots = new ArrayList<>();
    for (TomlTable root : table.tables("roots")) {
      roots.add(new MirrorRoot(root.requiredString("name"), Path.of(root.requiredString("path")), root.string("public_url", "")));
      root.rejectUnknownKeys();
    }
    if (roots.isEmpty()) {
      roots.add(new MirrorRoot("local", Path.of("mirror"), ""));
    }
    SelectionRule selection = selection(table.table("selection"), SelectionRule.mirrorDefault());
    MirrorConfig config = new MirrorConfig(enabled, new MirrorSettings(roots), selection);
    table.rejectUnknownKeys();
    return config;
  }

  private static SelectionRule selection(TomlTable table, SelectionRule defaults) {
    SelectionRule rule =
        new SelectionRule(
            table.strings("variants", defaults.variants()),
            table.strings("types", defaults.types()),
            table.strings("formats", defaults.formats()),
            table.strings("subvariants", defaults.subvariants()),
            table.strings("arches", defaults.arches()));
    table.rejectUnknownKeys();
    return rule;
  }

  private static WorkerSettings worker(TomlTable table) {
    WorkerSettings settings =
        new WorkerSettings(
            table.integer("max_concurrent_activities", 8, 1, 1000),
            table.integer("max_concurrent_workflow_tasks", 50, 1, 10000),
            table.duration("shutdown_grace", Duration.ofMinutes(2)));
    table.rejectUnknownKeys();
    return settings;
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(s -> !s.isBlank());
  }
}
