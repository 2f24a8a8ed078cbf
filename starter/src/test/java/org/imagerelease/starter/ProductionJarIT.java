package org.imagerelease.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.imagerelease.starter.cli.Commands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The jar the worker image runs, as packaged: it must hold none of the stand-ins that tests, the
 * demo and the benchmark use (issue 13, item 10), and the Dockerfile must copy this very file. Runs
 * after {@code package} (failsafe), which tells it where the jar is.
 */
class ProductionJarIT {
  /** Packages of test servers, local clouds, the embedded broker and the development commands. */
  private static final List<String> FORBIDDEN =
      List.of(
          "org/imagerelease/localcloud/",
          "org/imagerelease/devtools/",
          "io/temporal/testing/",
          "io/temporal/testserver/",
          "io/temporal/internal/testservice/",
          "org/apache/qpid/");

  private static final List<String> DEVELOPMENT_COMMANDS = List.of("demo", "server", "dev", "bench");

  private static Path jar;
  private static List<String> classes;

  @BeforeAll
  static void openTheJar() throws IOException {
    jar = Path.of(System.getProperty("imagerelease.productionJar", "(imagerelease.productionJar not set: run by failsafe)"));
    assertThat(jar).as("the production jar; `mvn package` makes it").isRegularFile();
    classes = classesIn(jar);
  }

  @Test
  void holdsTheCommandLineButNoTestServerBrokerOrLocalCloud() throws Exception {
    assertThat(classes).as("the entry point is in %s", jar).contains(ImageReleaseCli.class.getName().replace('.', '/') + ".class");
    Set<String> clientLibrary = temporalClientLibraryClasses();

    List<String> forbidden =
        classes.stream()
            .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
            .filter(name -> !clientLibrary.contains(name))
            .toList();

    assertThat(forbidden).as("classes of %s in the production jar %s", FORBIDDEN, jar).isEmpty();
  }

  @Test
  void runsAndOffersTheProductionCommandsOnly() throws Exception {
    Process process =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "--help")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as("java -jar %s --help said:%n%s", jar, output).isZero();
    List<String> listed = output.lines().map(String::strip).map(line -> line.split("\\s+")[0]).toList();
    assertThat(listed)
        .containsAll(Commands.all().stream().map(command -> new CommandLine(command).getCommandName()).toList())
        .doesNotContainAnyElementsOf(DEVELOPMENT_COMMANDS);
  }

  @Test
  void isWhatTheDockerfileBuildsAndCopiesIntoTheImage() throws IOException {
    List<String> dockerfile = Checkout.dockerfile();
    // The first stage builds; its working directory holds the checkout.
    String buildDirectory = Checkout.instructions(dockerfile, "WORKDIR").get(0);
    String copy = Checkout.instructions(dockerfile, "COPY").stream().filter(c -> c.startsWith("--from=build ")).findFirst().orElseThrow();
    String build = Checkout.instructions(dockerfile, "RUN").stream().filter(run -> run.contains("mvn ")).findFirst().orElseThrow();

    String copied = copy.split("\\s+")[1];
    assertThat(copied).isEqualTo(buildDirectory + "/" + Checkout.ROOT.relativize(jar.toAbsolutePath().normalize()));
    assertThat(build).contains(" -pl starter -am").doesNotContain("devtools").doesNotContain("localcloud");
  }

  private static List<String> classesIn(Path file) throws IOException {
    try (JarFile jarFile = new JarFile(file.toFile())) {
      return jarFile.stream()
          .map(ZipEntry::getName)
          .filter(name -> name.endsWith(".class"))
          // A multi-release jar keeps per-Java-version classes under META-INF/versions/N/.
          .map(name -> name.replaceFirst("^META-INF/versions/\\d+/", ""))
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }

  /**
   * temporal-serviceclient, the SDK's client that every worker needs, ships its in-process gRPC
   * helpers (InProcessGRPCServer, GRPCServerHelper) in the test service's package; those classes
   * of that jar are the only ones allowed there.
   */
  private static Set<String> temporalClientLibraryClasses() throws IOException, URISyntaxException {
    Path serviceClient = Path.of(WorkflowServiceStubs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(serviceClient.getFileName().toString()).startsWith("temporal-serviceclient-");
    return Set.copyOf(classesIn(serviceClient));
  }
}
