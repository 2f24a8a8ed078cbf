package org.imagerelease.devtools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.devtools.cli.DevtoolsCommands;
import org.imagerelease.starter.ImageReleaseCli;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine;

/**
 * The {@code image-release} command of a source checkout ({@code ./image-release}): every
 * production command of {@link ImageReleaseCli} plus the ones that need the embedded Temporal
 * server or the local stand-ins, which the production jar leaves out.
 */
public final class DevtoolsCli {
  private DevtoolsCli() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** As {@link ImageReleaseCli#run(String[], PrintWriter, PrintWriter)}, with every command. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return ImageReleaseCli.run(commandLine(), args, out, err);
  }

  /** The development jar's command line: the production one plus demo, server, dev and bench. */
  public static CommandLine commandLine() {
    CommandLine commandLine = ImageReleaseCli.commandLine(DevtoolsCommands.all());
    UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
    List<String> description = new ArrayList<>(List.of(usage.description()));
    description.add("Start with: image-release demo");
    usage.description(description.toArray(String[]::new));
    return commandLine;
  }
}
