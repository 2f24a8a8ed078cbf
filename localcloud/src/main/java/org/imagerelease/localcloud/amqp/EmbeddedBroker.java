package org.imagerelease.localcloud.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Connection;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An AMQP 0-9-1 broker inside this process (Apache Qpid Broker-J), for tests and the demo where
 * no RabbitMQ answers. It listens on 127.0.0.1 only, keeps everything in memory, has one user
 * {@code guest}/{@code guest} and one virtual host that every vhost name (including {@code /})
 * reaches; {@code amq.topic} and the other standard exchanges exist as on RabbitMQ.
 *
 * <p>Unlike RabbitMQ, Qpid dead-letters rejected messages through a queue's {@code
 * alternateExchange} argument, not {@code x-dead-letter-exchange}; see {@link
 * LocalBroker#deadLetterArguments(String)}. It refuses RabbitMQ's {@code x-*} queue arguments
 * (x-dead-letter-exchange, x-max-length, ...) by closing the connection: a configuration meant
 * for both brokers declares its queues without them.
 */
public final class EmbeddedBroker implements AutoCloseable {
  public static final String USER = "guest";
  public static final String PASSWORD = "guest";
  private static final String HOST = "127.0.0.1";
  private static final String QPID_MAVEN_METADATA = "META-INF/maven/org.apache.qpid/qpid-broker-core/pom.properties";

  private final SystemLauncher launcher;
  private final Broker<?> broker;
  private final Path workDirectory;
  private final int port;

  private EmbeddedBroker(SystemLauncher launcher, Broker<?> broker, Path workDirectory, int port) {
    this.launcher = launcher;
    this.broker = broker;
    this.workDirectory = workDirectory;
    this.port = port;
  }

  /** Starts a broker on a free port. */
  public static EmbeddedBroker start() {
    return start(0);
  }

  /**
   * Starts a broker on this port (0 picks a free one). Starting again on the port of a broker
   * that was closed is how a test restarts "the same" broker: it comes back empty.
   */
  public static EmbeddedBroker start(int port) {
    Path workDirectory;
    try {
      workDirectory = Files.createTempDirectory("image-release-broker-");
      Path initialConfiguration = workDirectory.resolve("initial-config.json");
      Files.writeString(initialConfiguration, initialConfiguration());
      AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
      SystemLauncher launcher = new SystemLauncher(new ContainerCapture(system));
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("type", "Memory");
      attributes.put("initialConfigurationLocation", initialConfiguration.toUri().toString());
      attributes.put("startupLoggedToSystemOut", false);
      attributes.put(
          "context",
          Map.of(
              "qpid.amqp_port", Integer.toString(port),
              "qpid.work_dir", workDirectory.toString(),
              "qpid.home_dir", workDirectory.toString()));
      try {
        launcher.startup(attributes);
      } catch (Exception e) {
        launcher.shutdown();
        deleteRecursively(workDirectory);
        throw new IllegalStateException("embedded AMQP broker did not start on " + HOST + ":" + port + ": " + e.getMessage(), e);
      }
      Broker<?> broker = (Broker<?>) system.get().getContainer();
      int boundPort = amqpPort(broker).getBoundPort();
      return new EmbeddedBroker(launcher, broker, workDirectory, boundPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded AMQP broker's work directory", e);
    }
  }

  public int port() {
    return port;
  }

  /** Where clients connect, in the same form as fedora-messaging's {@code amqp_url}. */
  public String amqpUrl() {
    return "amqp://" + USER + ":" + PASSWORD + "@" + HOST + ":" + port + "/%2F";
  }

  /** Product and version, e.g. {@code Qpid Broker-J 10.1.0}. */
  public String product() {
    return "Qpid Broker-J " + qpidVersion(Broker.class.getClassLoader()).orElse(broker.getProductVersion());
  }

  /**
   * The version of qpid-broker-core from its Maven metadata. The broker itself reports its jar
   * manifest's Implementation-Version, which in a repackaged jar (image-release.jar) is that
   * jar's own version, not Qpid's.
   */
  static Optional<String> qpidVersion(ClassLoader classes) {
    try (InputStream metadata = classes.getResourceAsStream(QPID_MAVEN_METADATA)) {
      if (metadata == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(metadata);
      return Optional.ofNullable(properties.getProperty("version")).filter(version -> !version.isBlank());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** How many client connections are open now. */
  public int openConnections() {
    return amqpPort(broker).getConnections().size();
  }

  /**
   * Closes every client connection from the broker's side, as a broker restart or a network
   * failure would; the broker itself keeps running with its queues and messages.
   */
  public void closeClientConnections() {
    List<Connection<?>> connections = new ArrayList<>();
    amqpPort(broker).getConnections().forEach(connection -> connections.add((Connection<?>) connection));
    connections.forEach(Connection::delete);
  }

  @Override
  public void close() {
    try {
      launcher.shutdown();
    } finally {
      deleteRecursively(workDirectory);
    }
  }

  private static Port<?> amqpPort(Broker<?> broker) {
    return broker.getPorts().stream()
        .filter(p -> p.getName().equals("AMQP"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("embedded AMQP broker has no AMQP port"));
  }

  /**
   * The broker's initial configuration: PLAIN without TLS (amqp-client speaks only PLAIN and
   * EXTERNAL, and Qpid offers PLAIN only over TLS unless told otherwise), an AMQP 0-9-1 port on
   * the loopback address, and one in-memory virtual host reached by any vhost name.
   */
  private static String initialConfiguration() {
    return """
        {
          "name": "image-release-embedded",
          "modelVersion": "8.0",
          "authenticationproviders": [{
            "name": "plain",
            "type": "Plain",
            "secureOnlyMechanisms": [],
            "users": [{"name": "%s", "type": "managed", "password": "%s"}]
          }],
          "ports": [{
            "name": "AMQP",
            "port": "${qpid.amqp_port}",
            "bindingAddress": "%s",
            "protocols": ["AMQP_0_9_1"],
            "authenticationProvider": "plain",
            "virtualhostaliases": [
              {"name": "nameAlias", "type": "nameAlias"},
              {"name": "defaultAlias", "type": "defaultAlias"}
            ]
          }],
          "virtualhostnodes": [{
            "name": "default",
            "type": "Memory",
            "defaultVirtualHostNode": "true",
            "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
          }]
        }
        """
        .formatted(USER, PASSWORD, HOST);
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the embedded AMQP broker's work directory " + directory, e);
    }
  }

  /** Keeps the system configuration the launcher resolves, to reach the broker's model. */
  private record ContainerCapture(AtomicReference<SystemConfig<?>> system) implements SystemLauncherListener {
    @Override
    public void onContainerResolve(SystemConfig<?> systemConfig) {
      system.set(systemConfig);
    }

    @Override
    public void beforeStartup() {}

    @Override
    public void errorOnStartup(RuntimeException e) {}

    @Override
    public void afterStartup() {}

    @Override
    public void onContainerClose(SystemConfig<?> systemConfig) {}

    @Override
    public void onShutdown(int exitCode) {}

    @Override
    public void exceptionOnShutdown(Exception e) {}
  }
}
