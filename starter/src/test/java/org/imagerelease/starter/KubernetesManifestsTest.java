package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.azure.AzureCredentials;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.starter.cli.Commands;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.TargetQueues;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * deploy/k8s as a cluster would receive it: each overlay rendered with {@code kubectl kustomize},
 * every object valid against the Kubernetes 1.30 schemas (KEDA's CRD for the ScaledObject), and
 * what the objects say checked against the code: the health port and paths, the CLI commands, the
 * environment the code reads, the config.toml the ConfigLoader loads, the task queues KEDA watches.
 * Without kubectl the tests are skipped, and say so; they never pass without rendering.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Checkout.ROOT.resolve("deploy/k8s");
  private static final List<String> OVERLAYS = List.of("staging", "production");
  private static final String SCHEMAS = "/k8s-schemas/";
  private static final String KUBERNETES_META_SCHEMA = "http://json-schema.org/schema#";
  /** The contract with the processes' health server: one port, these paths. */
  private static final int MONITORING_PORT = 8070;
  private static final String MONITORING_PORT_NAME = "monitoring";
  /** What the Azure target's credentials are read from. */
  private static final Set<String> AZURE_ENVIRONMENT =
      Set.of(AzureCredentials.SUBSCRIPTION_ID, AzureCredentials.TENANT, AzureCredentials.CLIENT_ID, AzureCredentials.SECRET);
  /** The metadata keys of KEDA 2.17's temporal scaler (pkg/scalers/temporal.go, triggerMetadata). */
  private static final Set<String> KEDA_TEMPORAL_KEYS = Set.of(
      "endpoint", "endpointFromEnv", "namespace", "activationTargetQueueSize", "targetQueueSize", "taskQueue", "queueTypes",
      "buildId", "selectAllActive", "selectUnversioned", "minConnectTimeout", "unsafeSsl", "tlsServerName");

  private static final Map<String, List<JsonNode>> RENDERED = new LinkedHashMap<>();

  @BeforeAll
  static void renderEveryOverlay() throws Exception {
    Optional<Path> kubectl = onPath("kubectl");
    if (kubectl.isEmpty()) {
      System.out.println("KubernetesManifestsTest NOT RUN: no kubectl on PATH, so deploy/k8s was not rendered or validated."
          + " Install kubectl (Debian: apt-get install kubectl) and run the test again.");
    }
    for (String overlay : OVERLAYS) {
      if (kubectl.isPresent()) {
        RENDERED.put(overlay, render(kubectl.get(), K8S.resolve("overlays").resolve(overlay)));
      }
    }
  }

  /** Each test, not only the class, is reported skipped, so the count shows what was not checked. */
  @BeforeEach
  void needsTheRenderedOverlays() {
    Assumptions.assumeFalse(RENDERED.isEmpty(), "kubectl is not on PATH: deploy/k8s not rendered, not validated");
  }

  @Test
  void theValidatorRejectsAMisspeltFieldOfADeploymentAndOfAScaledObject() throws IOException {
    ObjectNode deployment = one("production", "Deployment", "image-release-worker").deepCopy();
    ((ObjectNode) deployment.get("spec")).put("replica", 2);

    assertThat(schemaFor(deployment).validate(deployment)).isNotEmpty();

    ObjectNode scaledObject = one("production", "ScaledObject", "image-release-worker").deepCopy();
    ((ObjectNode) scaledObject.get("spec")).put("minReplicas", 2);
    assertThat(schemaFor(scaledObject).validate(scaledObject)).isNotEmpty();
  }

  @Test
  void everyRenderedObjectValidatesAgainstItsSchema() throws IOException {
    for (var overlay : RENDERED.entrySet()) {
      for (JsonNode object : overlay.getValue()) {
        Set<ValidationMessage> errors = schemaFor(object).validate(object);
        assertThat(errors).as("%s: %s %s", overlay.getKey(), object.get("kind").asText(), name(object)).isEmpty();
      }
    }
  }

  @Test
  void productionScalesWithKedaAndStagingOnCpu() {
    assertThat(kinds("production"))
        .containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Deployment", "Deployment", "PodDisruptionBudget", "NetworkPolicy", "ScaledObject");
    assertThat(kinds("staging"))
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ConfigMap", "Deployment", "Deployment", "PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler");
    assertThat(one("production", "ScaledObject", "image-release-worker").at("/spec/scaleTargetRef/name").asText()).isEqualTo("image-release-worker");
    JsonNode target = one("staging", "HorizontalPodAutoscaler", "image-release-worker").at("/spec/scaleTargetRef");
    assertThat(target.get("kind").asText() + "/" + target.get("name").asText()).isEqualTo("Deployment/image-release-worker");
    assertThat(one("production", "Deployment", "image-release-consumer").at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @Test
  void bothProcessesRunACommandOfTheCliAndServeHealthOnTheMonitoringPort() {
    Map<String, String> commandOf = Map.of("image-release-worker", "worker", "image-release-consumer", "consume");
    for (String overlay : OVERLAYS) {
      for (JsonNode deployment : all(overlay, "Deployment")) {
        JsonNode container = onlyContainer(deployment);
        List<String> args = strings(container.get("args"));
        assertThat(args).containsExactly(commandOf.get(name(deployment)));
        new CommandLine(Commands.all().stream().filter(command -> new CommandLine(command).getCommandName().equals(args.get(0))).findFirst().orElseThrow())
            .parseArgs();

        JsonNode port = container.get("ports").get(0);
        assertThat(container.get("ports")).hasSize(1);
        assertThat(port.get("name").asText()).isEqualTo(MONITORING_PORT_NAME);
        assertThat(port.get("containerPort").asInt()).isEqualTo(MONITORING_PORT);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo(MONITORING_PORT_NAME);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo(MONITORING_PORT_NAME);
        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.get("prometheus.io/port").asText()).isEqualTo(String.valueOf(MONITORING_PORT));
        assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/metrics");
        assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
            .isEqualTo(name(one(overlay, "ServiceAccount", "image-release")));
      }
    }
  }

  @Test
  void theEnvironmentIsWhatTheCodeReadsAndCredentialsComeFromSecrets() {
    Set<String> configuration = Set.of(ConfigLoader.CONFIG_ENV, "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE");
    Set<String> aws = Set.of(SdkSystemSetting.AWS_ACCESS_KEY_ID.environmentVariable(), SdkSystemSetting.AWS_SECRET_ACCESS_KEY.environmentVariable());
    for (String overlay : OVERLAYS) {
      JsonNode worker = onlyContainer(one(overlay, "Deployment", "image-release-worker"));
      JsonNode consumer = onlyContainer(one(overlay, "Deployment", "image-release-consumer"));
      Set<String> credentials = new HashSet<>(aws);
      credentials.addAll(AZURE_ENVIRONMENT);
      Set<String> workerReads = new HashSet<>(configuration);
      workerReads.addAll(credentials);

      assertThat(environment(worker).keySet()).containsExactlyInAnyOrderElementsOf(workerReads);
      assertThat(environment(consumer).keySet()).containsExactlyInAnyOrderElementsOf(configuration);
      for (JsonNode variable : worker.get("env")) {
        if (credentials.contains(variable.get("name").asText())) {
          assertThat(variable.has("value")).as("%s has a value in the manifest", variable.get("name")).isFalse();
          assertThat(variable.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo(variable.get("name").asText());
        }
      }
      assertThat(kinds(overlay)).as("no Secret is rendered: they are created in the cluster").doesNotContain("Secret");
    }
    assertThat(secretRef("production", "AWS_ACCESS_KEY_ID").get("optional").asBoolean()).isFalse();
    assertThat(secretRef("staging", "AWS_ACCESS_KEY_ID").get("optional").asBoolean()).isTrue();
  }

  @Test
  void theConfigMapLoadsWithTheProjectsLoaderAndAgreesWithTheDeployments(@TempDir Path temporary) throws IOException {
    for (String overlay : OVERLAYS) {
      for (JsonNode deployment : all(overlay, "Deployment")) {
        ImageReleaseConfig config = loadConfigOf(overlay, deployment, temporary);
        Map<String, String> environment = environment(onlyContainer(deployment));
        ImageReleaseConfig fileAlone = new ConfigLoader(Map.of(ConfigLoader.CONFIG_ENV, config.source())).load(Optional.empty());

        assertThat(config.warnings()).as("%s %s", overlay, name(deployment)).isEmpty();
        assertThat(fileAlone.temporal()).as("the file says what the environment overrides it with").isEqualTo(config.temporal());
        assertThat(config.temporal().target()).isEqualTo(environment.get("TEMPORAL_ADDRESS"));
        assertThat(config.temporal().namespace()).isEqualTo(environment.get("TEMPORAL_NAMESPACE"));

        MessagingSettings.Tls tls = config.messaging().settings().tls();
        List<String> secretMounts = secretMountPaths(deployment);
        for (Path file : new Path[] {tls.caCert(), tls.certfile(), tls.keyfile()}) {
          assertThat(file).as("[tls] file").isNotNull();
          assertThat(secretMounts).as("%s is in a mounted Secret", file).anyMatch(mount -> file.startsWith(mount));
        }
      }
    }
  }

  @Test
  void theWorkerOutlastsItsShutdownGraceAndTheTransferHeartbeat(@TempDir Path temporary) throws IOException {
    for (String overlay : OVERLAYS) {
      JsonNode worker = one(overlay, "Deployment", "image-release-worker");
      ImageReleaseConfig config = loadConfigOf(overlay, worker, temporary);
      Duration grace = Duration.ofSeconds(worker.at("/spec/template/spec/terminationGracePeriodSeconds").asLong());
      List<String> preStop = strings(onlyContainer(worker).at("/lifecycle/preStop/exec/command"));
      assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
      Duration preStopSleep = Duration.ofSeconds(Long.parseLong(preStop.get(1)));

      assertThat(grace).isGreaterThan(preStopSleep.plus(config.worker().shutdownGrace()));
      assertThat(grace).isGreaterThan(config.releaseSettings().timeouts().transferHeartbeat());
    }
  }

  @Test
  void kedaWatchesTheQueuesTheWorkerPollsOnItsTemporal(@TempDir Path temporary) throws IOException {
    JsonNode worker = one("production", "Deployment", "image-release-worker");
    ImageReleaseConfig config = loadConfigOf("production", worker, temporary);
    String releaseQueue = config.temporal().taskQueue();
    Set<String> expected = new TreeSet<>();
    expected.add(releaseQueue);
    for (TargetConfig target : config.enabled()) {
      expected.add(TargetQueues.transfers(releaseQueue, target.name()));
    }

    Set<String> watched = new TreeSet<>();
    for (JsonNode trigger : one("production", "ScaledObject", "image-release-worker").at("/spec/triggers")) {
      JsonNode metadata = trigger.get("metadata");
      assertThat(trigger.get("type").asText()).isEqualTo("temporal");
      assertThat(names(metadata)).isSubsetOf(KEDA_TEMPORAL_KEYS);
      assertThat(metadata.get("endpoint").asText()).isEqualTo(config.temporal().target());
      assertThat(metadata.get("namespace").asText()).isEqualTo(config.temporal().namespace());
      assertThat(Integer.parseInt(metadata.get("targetQueueSize").asText())).isPositive();
      assertThat(metadata.get("queueTypes").asText().split(",")).isSubsetOf("workflow", "activity");
      watched.add(metadata.get("taskQueue").asText());
    }
    assertThat(watched).isEqualTo(expected);
    assertThat(one("production", "ScaledObject", "image-release-worker").at("/spec/minReplicaCount").asInt())
        .as("the disruption budget lets one go").isGreaterThan(1);
  }

  @Test
  void theNetworkPolicyLetsInOnlyTheScrapeAndOutOnlyTemporalTheBrokerTheCloudsAndDns(@TempDir Path temporary) throws IOException {
    for (String overlay : OVERLAYS) {
      JsonNode policy = one(overlay, "NetworkPolicy", "image-release");
      JsonNode worker = one(overlay, "Deployment", "image-release-worker");
      ImageReleaseConfig config = loadConfigOf(overlay, worker, temporary);
      for (JsonNode deployment : all(overlay, "Deployment")) {
        assertThat(selects(policy.at("/spec/podSelector/matchLabels"), deployment)).as(name(deployment)).isTrue();
      }
      assertThat(strings(policy.at("/spec/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(ports(policy.at("/spec/ingress"))).containsExactly(MONITORING_PORT_NAME);

      URI temporal = URI.create("grpc://" + config.temporal().target());
      URI broker = URI.create(config.messaging().settings().amqpUrl());
      int brokerPort = broker.getPort() > 0 ? broker.getPort() : broker.getScheme().equals("amqps") ? 5671 : 5672;
      assertThat(ports(policy.at("/spec/egress")))
          .containsExactlyInAnyOrder("53", String.valueOf(temporal.getPort()), String.valueOf(brokerPort), "443");
    }
  }

  @Test
  void theDisruptionBudgetCoversTheWorkers() {
    for (String overlay : OVERLAYS) {
      JsonNode budget = one(overlay, "PodDisruptionBudget", "image-release-worker");
      assertThat(selects(budget.at("/spec/selector/matchLabels"), one(overlay, "Deployment", "image-release-worker"))).isTrue();
      assertThat(selects(budget.at("/spec/selector/matchLabels"), one(overlay, "Deployment", "image-release-consumer"))).isFalse();
    }
  }

  private static List<JsonNode> render(Path kubectl, Path overlay) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString()).redirectErrorStream(false).start();
    byte[] output;
    try (InputStream stdout = process.getInputStream()) {
      output = stdout.readAllBytes();
    }
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s: %s", overlay, errors).isZero();
    List<JsonNode> objects = new ArrayList<>();
    new YAMLMapper().readerFor(JsonNode.class).readValues(output).forEachRemaining(node -> objects.add((JsonNode) node));
    assertThat(objects).isNotEmpty();
    return objects;
  }

  private static JsonSchema schemaFor(JsonNode object) throws IOException {
    String kind = object.get("kind").asText();
    String apiVersion = object.get("apiVersion").asText();
    // The Kubernetes schemas name the unversioned "http://json-schema.org/schema#"; they are
    // draft-04, which openapi2jsonschema writes. Their x-kubernetes-* keywords guide merging and
    // list semantics on the server and constrain no single object.
    JsonMetaSchema.Builder draft04 = JsonMetaSchema.builder(KUBERNETES_META_SCHEMA, JsonMetaSchema.getV4());
    List.of("x-kubernetes-group-version-kind", "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type",
            "x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy", "x-kubernetes-unions", "x-kubernetes-int-or-string",
            "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations")
        .forEach(keyword -> draft04.keyword(new NonValidationKeyword(keyword)));
    JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
        .metaSchema(draft04.build())
        .metaSchema(JsonMetaSchema.builder("http://json-schema.org/schema", draft04.build()).build())
        .build();
    if (apiVersion.equals("keda.sh/v1alpha1") && kind.equals("ScaledObject")) {
      JsonNode crd = new YAMLMapper().readTree(resource("keda.sh_scaledobjects.yaml"));
      for (JsonNode version : crd.at("/spec/versions")) {
        if (version.get("name").asText().equals("v1alpha1")) {
          ObjectNode schema = (ObjectNode) strict(version.at("/schema/openAPIV3Schema").deepCopy());
          return factory.getSchema(schema.put("$schema", KUBERNETES_META_SCHEMA));
        }
      }
      throw new AssertionError("KEDA's CRD has no v1alpha1");
    }
    String group = apiVersion.contains("/") ? apiVersion.replace(".k8s.io", "").replace('/', '-') : apiVersion;
    String file = kind.toLowerCase() + "-" + group + ".json";
    byte[] schema = resource(file);
    return factory.getSchema(new ObjectMapper().readTree(schema));
  }

  /**
   * A CRD's schema allows unknown fields, which the API server drops (or, with strict field
   * validation, rejects); here they fail, as they do in the standalone-strict Kubernetes schemas.
   */
  private static JsonNode strict(JsonNode schema) {
    if (!(schema instanceof ObjectNode object)) {
      return schema;
    }
    if (object.has("properties") && !object.has("additionalProperties") && !object.has("x-kubernetes-preserve-unknown-fields")) {
      object.put("additionalProperties", false);
    }
    object.path("properties").forEach(KubernetesManifestsTest::strict);
    strict(object.path("items"));
    strict(object.path("additionalProperties"));
    for (String combination : List.of("allOf", "anyOf", "oneOf")) {
      object.path(combination).forEach(KubernetesManifestsTest::strict);
    }
    return schema;
  }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream(SCHEMAS + file)) {
      assertThat(in).as("vendored schema %s (see %sSOURCE.md)", file, SCHEMAS).isNotNull();
      return in.readAllBytes();
    }
  }

  private static ImageReleaseConfig loadConfigOf(String overlay, JsonNode deployment, Path temporary) throws IOException {
    JsonNode container = onlyContainer(deployment);
    Map<String, String> environment = environment(container);
    String configPath = environment.get(ConfigLoader.CONFIG_ENV);
    JsonNode mount = null;
    for (JsonNode candidate : container.get("volumeMounts")) {
      if (candidate.get("mountPath").asText().equals(configPath)) {
        mount = candidate;
      }
    }
    assertThat(mount).as("%s mounts %s", name(deployment), configPath).isNotNull();
    String configMapName = volume(deployment, mount.get("name").asText()).at("/configMap/name").asText();
    String toml = one(overlay, "ConfigMap", configMapName).at("/data").get(mount.get("subPath").asText()).asText();
    Path file = Files.createTempFile(temporary, overlay + "-", ".toml");
    Files.writeString(file, toml);
    Map<String, String> onThisMachine = new HashMap<>(environment);
    onThisMachine.put(ConfigLoader.CONFIG_ENV, file.toString());
    onThisMachine.keySet().retainAll(Set.of(ConfigLoader.CONFIG_ENV, "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE"));
    return new ConfigLoader(onThisMachine).load(Optional.empty());
  }

  private static List<String> secretMountPaths(JsonNode deployment) {
    List<String> paths = new ArrayList<>();
    for (JsonNode mount : onlyContainer(deployment).get("volumeMounts")) {
      if (volume(deployment, mount.get("name").asText()).has("secret")) {
        paths.add(mount.get("mountPath").asText());
      }
    }
    return paths;
  }

  private static JsonNode volume(JsonNode deployment, String name) {
    for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
      if (volume.get("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError(name(deployment) + " has no volume " + name);
  }

  private static JsonNode secretRef(String overlay, String variable) {
    for (JsonNode env : onlyContainer(one(overlay, "Deployment", "image-release-worker")).get("env")) {
      if (env.get("name").asText().equals(variable)) {
        return env.at("/valueFrom/secretKeyRef");
      }
    }
    throw new AssertionError("no " + variable);
  }

  private static boolean selects(JsonNode matchLabels, JsonNode deployment) {
    JsonNode labels = deployment.at("/spec/template/metadata/labels");
    for (String key : names(matchLabels)) {
      if (!labels.path(key).asText().equals(matchLabels.get(key).asText())) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> ports(JsonNode rules) {
    Set<String> ports = new TreeSet<>();
    rules.forEach(rule -> rule.path("ports").forEach(port -> ports.add(port.get("port").asText())));
    return ports;
  }

  private static Map<String, String> environment(JsonNode container) {
    Map<String, String> environment = new LinkedHashMap<>();
    container.get("env").forEach(env -> environment.put(env.get("name").asText(), env.path("value").asText(null)));
    return environment;
  }

  private static JsonNode onlyContainer(JsonNode deployment) {
    JsonNode containers = deployment.at("/spec/template/spec/containers");
    assertThat(containers).as(name(deployment)).hasSize(1);
    return containers.get(0);
  }

  private static JsonNode one(String overlay, String kind, String name) {
    List<JsonNode> found = all(overlay, kind).stream().filter(object -> name(object).equals(name)).toList();
    assertThat(found).as("%s: %s %s", overlay, kind, name).hasSize(1);
    return found.get(0);
  }

  private static List<JsonNode> all(String overlay, String kind) {
    return RENDERED.get(overlay).stream().filter(object -> object.get("kind").asText().equals(kind)).toList();
  }

  private static List<String> kinds(String overlay) {
    return RENDERED.get(overlay).stream().map(object -> object.get("kind").asText()).toList();
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(element -> strings.add(element.asText()));
    return strings;
  }

  private static Optional<Path> onPath(String program) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
