package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.starter.Checkout.instructions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.starter.cli.Commands;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * No Docker engine runs where the tests do, so docker-compose.yml and the Dockerfile are checked
 * against the code instead: what they name must exist, what they set must be what the code reads.
 */
class DockerComposeStackTest {
  private static final Path ROOT = Checkout.ROOT;
  /** A version, not a moving tag: at least major.minor (16.4, 1.25.2, v2.53.2, 3.9.9-eclipse-temurin-17). */
  private static final Pattern PINNED_TAG = Pattern.compile("v?\\d+\\.\\d+[\\w.-]*");
  private static final String BUILD_DIRECTORY = "${project.build.directory}";
  
  private static JsonNode services;
  private static JsonNode volumes;

  @BeforeAll
  static void readCompose() throws IOException {
    JsonNode compose = new YAMLMapper().readTree(ROOT.resolve("docker-compose.yml").toFile());
    services = compose.get("services");
    volumes = compose.get("volumes");
  }

  @Test
  void theStackRunsTemporalItsUiAndToolsRabbitMqTheWorkerAndTheConsumer() {
    assertThat(names(services))
        .containsExactlyInAnyOrder(
            "postgresql", "temporal", "temporal-ui", "temporal-admin-tools", "search-attributes", "rabbitmq", "worker", "consumer",
            "prometheus", "grafana");
    List<String> inAProfile = new ArrayList<>();
    services.fields().forEachRemaining(
        service -> {
          if (service.getValue().has("profiles")) {
            inAProfile.add(service.getKey());
          }
        });
    assertThat(inAProfile).as("`docker compose up` without a profile starts what it did before").containsExactlyInAnyOrder("prometheus", "grafana");
    assertThat(service("temporal").get("image").asText()).startsWith("temporalio/auto-setup:");
    assertThat(service("temporal").get("environment").get("DB").asText()).isEqualTo("postgres12");
    assertThat(service("temporal").get("environment").get("POSTGRES_SEEDS").asText()).isEqualTo("postgresql");
    assertThat(service("temporal-ui").get("image").asText()).startsWith("temporalio/ui:");
    assertThat(service("temporal-admin-tools").get("image").asText()).startsWith("temporalio/admin-tools:");
    assertThat(service("rabbitmq").get("image").asText()).startsWith("rabbitmq:").contains("-management");
  }

  @Test
  void theWorkerRunsASubcommandOfTheCli() {
    assertRunsASubcommandOfTheCli("worker");
  }

  @Test
  void theConsumerRunsASubcommandOfTheCli() {
    assertRunsASubcommandOfTheCli("consumer");
  }

  private static void assertRunsASubcommandOfTheCli(String name) {
    Map<String, Object> subcommands = new HashMap<>();
    Commands.all().forEach(command -> subcommands.put(new CommandLine(command).getCommandName(), command));
    List<String> args = strings(service(name).get("command"));
    String subcommand = args.get(0);
    assertThat(subcommands).as("service %s runs image-release %s", name, subcommand).containsKey(subcommand);
    new CommandLine(subcommands.get(subcommand)).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
  }

  @Test
  void theEnvironmentOfWorkerAndConsumerIsWhatTheConfigurationLoaderReads() {
    for (String name : List.of("worker", "consumer")) {
      Map<String, String> environment = environmentOf(name);
      assertThat(environment.keySet()).containsExactlyInAnyOrder(ConfigLoader.CONFIG_ENV, "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE");

      Path configOnHost = hostPathOf(name, environment.get(ConfigLoader.CONFIG_ENV));
      Map<String, String> onThisMachine = new HashMap<>(environment);
      onThisMachine.put(ConfigLoader.CONFIG_ENV, configOnHost.toString());
      ImageReleaseConfig config = new ConfigLoader(onThisMachine).load(Optional.empty());

      assertThat(config.source()).isEqualTo(configOnHost.toAbsolutePath().toString());
      assertThat(config.temporal().target()).isEqualTo(environment.get("TEMPORAL_ADDRESS"));
      assertThat(config.temporal().namespace()).isEqualTo(environment.get("TEMPORAL_NAMESPACE"));
      assertThat(new ConfigLoader(Map.of("TEMPORAL_ADDRESS", "elsewhere:1")).defaults().temporal().target()).isEqualTo("elsewhere:1");
      assertThat(new ConfigLoader(Map.of("TEMPORAL_NAMESPACE", "elsewhere")).defaults().temporal().namespace()).isEqualTo("elsewhere");
    }
    URI temporal = URI.create("grpc://" + environmentOf("worker").get("TEMPORAL_ADDRESS"));
    assertThat(names(services)).contains(temporal.getHost());
    assertThat(strings(service(temporal.getHost()).get("ports"))).contains(temporal.getPort() + ":" + temporal.getPort());
  }

  @Test
  void theOneShotRegistersExactlyTheReleasesSearchAttributesAsKeywords() throws IOException {
    JsonNode oneShot = service("search-attributes");

    assertThat(strings(oneShot.get("command")))
        .containsExactlyElementsOf(ReleaseSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList());
    assertThat(ReleaseSearchAttributes.ALL)
        .allSatisfy(key -> assertThat(key.getValueType()).isEqualTo(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    List<String> entrypoint = strings(oneShot.get("entrypoint"));
    Path script = hostPathOf("search-attributes", entrypoint.get(entrypoint.size() - 1));
    assertThat(Files.readString(script))
        .contains("temporal operator search-attribute create")
        .contains("--type Keyword")
        .contains("until temporal operator namespace describe");
    assertThat(oneShot.get("restart").asText()).isEqualTo("no");
    assertThat(oneShot.get("environment").get("TEMPORAL_ADDRESS").asText()).isEqualTo(environmentOf("worker").get("TEMPORAL_ADDRESS"));
  }

  @Test
  void thePortsOperatorsUseArePublished() {
    assertThat(strings(service("temporal").get("ports"))).contains("7233:7233");
    assertThat(strings(service("temporal-ui").get("ports"))).contains("8080:8080");
    assertThat(strings(service("rabbitmq").get("ports"))).contains("5672:5672", "15672:15672");
  }

  @Test
  void everyImageIsPinnedToAVersion() {
    services.fields().forEachRemaining(
        entry -> {
          String image = entry.getValue().path("image").asText();
          assertThat(image).as("image of %s", entry.getKey()).isNotEmpty().doesNotEndWith(":latest");
          if (!entry.getValue().has("build")) {
            assertThat(tagOf(image)).as("tag of %s", image).matches(PINNED_TAG);
          }
        });
  }

  @Test
  void whatServicesWaitForCanSayItIsReady() {
    services.fields().forEachRemaining(
        entry ->
            entry.getValue().path("depends_on").fields().forEachRemaining(
                dependency -> {
                  JsonNode needed = service(dependency.getKey());
                  String condition = dependency.getValue().path("condition").asText();
                  if (condition.equals("service_healthy")) {
                    assertThat(needed.has("healthcheck")).as("%s waits for %s to be healthy", entry.getKey(), dependency.getKey()).isTrue();
                  } else {
                    assertThat(condition).isEqualTo("service_completed_successfully");
                    assertThat(needed.path("restart").asText()).isEqualTo("no");
                  }
                }));
    for (String name : List.of("worker", "consumer")) {
      assertThat(names(service(name).get("depends_on"))).containsExactlyInAnyOrder("temporal", "rabbitmq", "search-attributes");
    }
  }

  @Test
  void theMountedConfigurationParsesAndPointsAtTheStack() {
    Path file = hostPathOf("worker", environmentOf("worker").get(ConfigLoader.CONFIG_ENV));
    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(file));

    assertThat(config.messaging().publishEvents()).isTrue();
    assertThat(config.messaging().settings().publishExchange()).isEqualTo("amq.topic");
    URI broker = URI.create(config.messaging().settings().amqpUrl());
    assertThat(broker.getHost()).isEqualTo("rabbitmq");
    assertThat(strings(service("rabbitmq").get("ports"))).contains(broker.getPort() + ":" + broker.getPort());
    assertThat(broker.getUserInfo())
        .isEqualTo(service("rabbitmq").get("environment").get("RABBITMQ_DEFAULT_USER").asText()
            + ":" + service("rabbitmq").get("environment").get("RABBITMQ_DEFAULT_PASS").asText());
    assertThat(config.temporal().target()).isEqualTo(environmentOf("worker").get("TEMPORAL_ADDRESS"));
    Map<String, String> namedVolumeMounts = namedVolumeMounts("worker");
    assertThat(config.target(MirrorConfig.class).enabled()).isTrue();
    assertThat(config.target(MirrorConfig.class).settings().roots())
        .extracting(MirrorRoot::directory)
        .allSatisfy(directory -> assertThat(namedVolumeMounts).containsValue(directory.toString()));
  }

  @Test
  void theDockerfileBuildsTheShadedJarAndRunsItAsAnUnprivilegedUser() throws Exception {
    List<String> lines = Checkout.dockerfile();
    Document starterPom = xml(ROOT.resolve("starter/pom.xml"));
    String outputFile = text(starterPom, "outputFile");
    assertThat(outputFile).startsWith(BUILD_DIRECTORY + "/");
    String jar = "starter/target/" + outputFile.substring(BUILD_DIRECTORY.length() + 1);

    List<String> from = instructions(lines, "FROM");
    assertThat(from).hasSize(2).allSatisfy(image -> assertThat(tagOf(image.split("\\s+")[0])).matches(PINNED_TAG));
    assertThat(from.get(0)).startsWith("maven:").contains("temurin-17").endsWith(" AS build");
    assertThat(from.get(1)).startsWith("eclipse-temurin:17").contains("-jre");
    String build = String.join("\n", instructions(lines, "RUN")).lines().filter(l -> l.contains("mvn ")).findFirst().orElseThrow();
    assertThat(build).contains("mvn -B -DskipTests package -pl starter -am");
    NodeList modules = xml(ROOT.resolve("pom.xml")).getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().strip();
      assertThat(instructions(lines, "COPY")).as("the build copies module %s", module).anyMatch(copy -> copy.startsWith(module + " "));
    }
    String copyJar = instructions(lines, "COPY").stream().filter(c -> c.startsWith("--from=build")).findFirst().orElseThrow();
    String[] copy = copyJar.split("\\s+");
    assertThat(copy[1]).endsWith("/" + jar);
    assertThat(text(starterPom, "mainClass")).isEqualTo(ImageReleaseCli.class.getName());
    List<String> entrypoint = strings(new ObjectMapper().readTree(instructions(lines, "ENTRYPOINT").get(0)));
    assertThat(entrypoint).containsExactly("java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", copy[2]);
    List<String> user = instructions(lines, "USER");
    assertThat(user).hasSize(1).noneMatch(u -> u.equals("root") || u.equals("0"));
    assertThat(lines).anyMatch(line -> line.contains("useradd") && line.contains(user.get(0)));
  }

  private static JsonNode service(String name) {
    JsonNode service = services.get(name);
    assertThat(service).as("service %s", name).isNotNull();
    return service;
  }

  private static Map<String, String> environmentOf(String name) {
    Map<String, String> environment = new LinkedHashMap<>();
    service(name).get("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
    return environment;
  }

  /** The file on this machine that a bind mount puts at {@code containerPath} in the service. */
  private static Path hostPathOf(String name, String containerPath) {
    for (String volume : strings(service(name).get("volumes"))) {
      String[] parts = volume.split(":");
      if (parts[1].equals(containerPath) && parts[0].startsWith("./")) {
        Path onHost = ROOT.resolve(parts[0].substring(2));
        assertThat(onHost).as("bind mount source of %s", volume).isRegularFile();
        return onHost;
      }
    }
    throw new AssertionError("service " + name + " mounts nothing at " + containerPath);
  }

  /** Named volume to the path it is mounted at, for volumes declared at the top level. */
  private static Map<String, String> namedVolumeMounts(String name) {
    Map<String, String> mounts = new HashMap<>();
    for (String volume : strings(service(name).get("volumes"))) {
      String[] parts = volume.split(":");
      if (!parts[0].startsWith(".") && !parts[0].startsWith("/")) {
        assertThat(names(volumes)).as("volume %s is declared", parts[0]).contains(parts[0]);
        mounts.put(parts[0], parts[1]);
      }
    }
    return mounts;
  }

  private static String tagOf(String image) {
    int colon = image.lastIndexOf(':');
    return colon < 0 || colon < image.lastIndexOf('/') ? "" : image.substring(colon + 1);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String text(Document document, String tag) {
    NodeList nodes = document.getElementsByTagName(tag);
    assertThat(nodes.getLength()).as("<%s> in the POM", tag).isEqualTo(1);
    return nodes.item(0).getTextContent().strip();
  }
}
