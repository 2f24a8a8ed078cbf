package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.compose.ComposeActivitiesImpl;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.worker.PlanChecks;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleasePlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 7: {@code image-release plan} runs every check the release runs, so a compose
 * plan calls fine is not refused later, and what plan refuses it refuses with the release's own
 * words (failure type and message). Each case is one Cloud image the default mirror target selects;
 * the release side is the RESOLVING activity as the worker wires it.
 */
class PlanAgreesWithReleaseTest {
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";
  private static final String IMAGES = "Cloud/x86_64/images/";
  private static final String SHA256 = "ab".repeat(32);

  @TempDir Path directory;
  private Path configFile;
  private ImageReleaseConfig config;

  @BeforeEach
  void defaultConfiguration() throws Exception {
    configFile = Files.writeString(directory.resolve("config.toml"), "# the built-in defaults (the mirror releases every Cloud image), composes in local directories allowed\n"
        + "[consumer_config.composes]\nallow_local_paths = true\n");
    config = new ConfigLoader(Map.of()).load(Optional.of(configFile));
  }

  @Test
  void anImageNamedChecksumIsRefusedByPlanAsTheMirrorWouldRefuseItsUpload() throws Exception {
    Path compose = compose(COMPOSE_ID, image(IMAGES + "CHECKSUM", "x86_64", 4096));

    ApplicationFailure refusal = releaseRefuses(compose, COMPOSE_ID);

    assertThat(refusal.getType()).isEqualTo(ReleaseFailureTypes.UNSUPPORTED_IMAGE);
    assertThat(refusal.getOriginalMessage())
        .isEqualTo("Compose " + COMPOSE_ID + ": target mirror cannot release image 'Cloud/x86_64/images/CHECKSUM' (variant Cloud, arch x86_64): "
            + "its file name CHECKSUM clashes with the mirror's own files (CHECKSUM, dot files, *.part)");
    assertPlanRefusesAlike(compose, refusal);
  }

  @Test
  void aLoneSurrogateInAPathIsRefusedByPlanAndTheReleaseBeforeAnyFileIsTouched() throws Exception {
    Path compose = compose(COMPOSE_ID, image(IMAGES + "Fedora\\ud800.raw", "x86_64", 4096));

    ApplicationFailure refusal = releaseRefuses(compose, COMPOSE_ID);

    assertThat(refusal.getType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA);
    assertThat(refusal.getOriginalMessage()).contains("field 'path' has \\ud800 at position 27, not allowed in a path");
    assertPlanRefusesAlike(compose, refusal);
  }

  @Test
  void sizeZeroIsRefusedByPlanAndTheRelease() throws Exception {
    Path compose = compose(COMPOSE_ID, image(IMAGES + "Fedora.raw", "x86_64", 0));

    ApplicationFailure refusal = releaseRefuses(compose, COMPOSE_ID);

    assertThat(refusal.getOriginalMessage()).contains("field 'size' is 0; an image has at least one byte");
    assertPlanRefusesAlike(compose, refusal);
  }

  @Test
  void aComposeIdThatWouldClearTheTerminalIsRefusedAndShownEscaped() throws Exception {
    String hostile = COMPOSE_ID + "\\n\\u001b[2J\\u001b[H";
    Path compose = compose(hostile, image(IMAGES + "Fedora.raw", "x86_64", 4096));

    ApplicationFailure refusal = releaseRefuses(compose, COMPOSE_ID + "\n\u001b[2J\u001b[H");

    assertThat(refusal.getOriginalMessage()).contains("(was 'Fedora-42-20261124.n.0\\u000a\\u001b[2J\\u001b[H')");
    String err = assertPlanRefusesAlike(compose, refusal);
    assertThat(err).doesNotContain("\u001b");
  }

  @Test
  void aSourceImageUnderCloudIsLeftOutByPlanAndTheReleaseAlike() throws Exception {
    Path compose = compose(COMPOSE_ID, image(IMAGES + "Fedora.raw", "x86_64", 4096) + ", " + image("Cloud/source/Fedora.src.tar", "src", 4096));

    ReleasePlan released = release().resolvePlan(new ComposeRef(COMPOSE_ID, compose.toString()));
    PlanCommand.PlanReport planned = PlanCommand.report(config, ComposeReader.withDefaults(config.composeSources()).readAt(compose.toString()), new ComposeRef(COMPOSE_ID, compose.toString()));

    assertThat(planned.plan().images()).isEqualTo(released.images()).singleElement()
        .satisfies(image -> assertThat(image.image().path()).isEqualTo(IMAGES + "Fedora.raw"));
    assertThat(planned.sourceImages()).containsExactly("Cloud/source/Fedora.src.tar");
    assertThat(plan(compose).out()).contains("Source images left out (a release never ships sources): Cloud/source/Fedora.src.tar");
  }

  private ComposeActivitiesImpl release() {
    return new ComposeActivitiesImpl(PlanChecks.planner(config), config.enabledTargets());
  }

  private ApplicationFailure releaseRefuses(Path compose, String composeId) {
    ApplicationFailure refusal = catchThrowableOfType(
        () -> release().resolvePlan(new ComposeRef(composeId, compose.toString())), ApplicationFailure.class);
    assertThat(refusal).as("the release's RESOLVING step refuses the compose").isNotNull();
    assertThat(refusal.isNonRetryable()).isTrue();
    return refusal;
  }

  /** Plan exits 1 and prints the release's own failure type and message; returns what it printed. */
  private String assertPlanRefusesAlike(Path compose, ApplicationFailure refusal) {
    Printed printed = plan(compose);
    assertThat(printed.exit()).as("plan's exit code; it printed %s", printed.err()).isEqualTo(1);
    assertThat(printed.err()).contains(refusal.getType() + ": " + refusal.getOriginalMessage());
    return printed.err();
  }

  private record Printed(int exit, String out, String err) {}

  private Printed plan(Path compose) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ImageReleaseCli.run(
        new String[] {"plan", "--compose", compose.toString(), "--config", configFile.toString()}, new PrintWriter(out), new PrintWriter(err));
    return new Printed(exit, out.toString(), err.toString());
  }

  /** An images.json entry; {@code path} is JSON string content, so it may hold escapes. */
  private static String image(String path, String arch, long size) {
    return """
        {"arch": "%s", "checksums": {"sha256": "%s"}, "format": "raw", "path": "%s", "size": %d, "subvariant": "Cloud_Base", "type": "raw"}"""
        .formatted(arch, SHA256, path, size);
  }

  /** A compose directory whose productmd 1.2 images.json lists the entries under Cloud, x86_64. */
  private Path compose(String composeIdJson, String entries) throws Exception {
    Path compose = Files.createDirectories(directory.resolve("compose").resolve("metadata")).getParent();
    Files.writeString(compose.resolve("metadata/images.json"), """
        {"header": {"type": "productmd.images", "version": "1.2"},
         "payload": {"compose": {"date": "20261124", "id": "%s", "respin": 0, "type": "nightly"},
          "images": {"Cloud": {"x86_64": [%s]}}}}
        """.formatted(composeIdJson, entries));
    return compose;
  }
}
