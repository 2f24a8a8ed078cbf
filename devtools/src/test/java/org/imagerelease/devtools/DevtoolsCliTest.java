package org.imagerelease.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.starter.cli.Commands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The development jar's command line is the production one plus demo, server, dev and bench. */
class DevtoolsCliTest {
  private static final List<String> DEVELOPMENT_COMMANDS = List.of("demo", "server", "dev", "bench");

  @Test
  void offersEveryProductionCommandAndTheDevelopmentOnes() {
    List<String> production = Commands.all().stream().map(command -> new CommandLine(command).getCommandName()).toList();

    assertThat(ImageReleaseCli.commandLine(List.of()).getSubcommands().keySet())
        .containsExactlyElementsOf(production)
        .doesNotContainAnyElementsOf(DEVELOPMENT_COMMANDS);
    StringWriter out = new StringWriter();
    assertThat(DevtoolsCli.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
    assertThat(out.toString()).contains("Start with: image-release demo");
    assertThat(out.toString().lines().map(String::strip).map(line -> line.split("\\s+")[0]))
        .containsAll(production)
        .containsAll(DEVELOPMENT_COMMANDS);
  }

  /** Picocli gives settings only to the subcommands present when they are set; dev's --amqp takes lower case. */
  @Test
  void theDevelopmentCommandsParseAsTheProductionOnesDo() {
    StringWriter err = new StringWriter();

    int exit = DevtoolsCli.run(new String[] {"dev", "--amqp", "off", "--help"}, new PrintWriter(new StringWriter()), new PrintWriter(err));

    assertThat(exit).as("stderr: %s", err).isZero();
  }
}
