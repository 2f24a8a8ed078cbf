package org.imagerelease.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.imagerelease.starter.ImageReleaseCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and subcommand of both jars' command lines answers {@code --help} with its usage
 * and exit 0: the production jar's (starter) and the development jar's (devtools, a superset).
 * The tree is walked, so a command added later is covered without touching this test.
 */
class EveryCommandHelpTest {

  @Test
  void everyCommandOfTheProductionJarAnswersHelp() {
    assertEveryCommandAnswersHelp(() -> ImageReleaseCli.commandLine(List.of()));
  }

  @Test
  void everyCommandOfTheDevelopmentJarAnswersHelp() {
    assertEveryCommandAnswersHelp(DevtoolsCli::commandLine);
  }

  private static void assertEveryCommandAnswersHelp(Supplier<CommandLine> commandLines) {
    List<List<String>> paths = new ArrayList<>();
    collect(commandLines.get(), new ArrayList<>(), paths);
    assertThat(paths).as("commands found").hasSizeGreaterThan(10);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int exit = ImageReleaseCli.run(commandLines.get(), args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));

      assertThat(exit).as("image-release %s: stderr %s", String.join(" ", args), err).isZero();
      assertThat(out.toString()).as("image-release %s", String.join(" ", args)).startsWith("Usage: image-release");
      assertThat(out.toString()).as("image-release %s", String.join(" ", args)).contains("-h, --help");
    }
  }

  /** The path of every command below {@code command} (the root itself as the empty path). */
  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach(
        (name, subcommand) -> {
          // Aliases share one CommandLine; walk each command once, by its own name.
          if (name.equals(subcommand.getCommandName())) {
            List<String> below = new ArrayList<>(path);
            below.add(name);
            collect(subcommand, below, paths);
          }
        });
  }
}
