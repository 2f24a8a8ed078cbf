package org.imagerelease.starter.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.aws.AwsSweep;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code image-release aws ...}: operations on what the AWS target made. */
@Command(
    name = "aws",
    description = "Operations on what image-release made in AWS.",
    subcommands = {AwsCommand.Sweep.class})
public final class AwsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "sweep",
      description = {
        "Remove what image-release made in AWS and no release owns: snapshots, private AMIs and smoke test instances of",
        "releases that ended without releasing them (or that Temporal does not know), and snapshots that never became an",
        "AMI. Public AMIs and their snapshots are kept (people launch them) unless --deregister-deprecated and past their",
        "deprecation date. Lists everything first; --dry-run stops there."
      })
  public static final class Sweep implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--dry-run", description = "Only list what would be removed.")
    boolean dryRun;

    @Option(names = "--deregister-deprecated", description = "Also deregister public AMIs past their deprecation date, with their snapshots.")
    boolean deregisterDeprecated;

    @Override
    public Integer call() {
      ImageReleaseConfig config = connection.config();
      AwsConfig aws = config.target(AwsConfig.class);
      var out = spec.commandLine().getOut();
      List<AwsSweep.Leftover> leftovers;
      AwsSweep sweep = new AwsSweep(aws);
      try (TemporalConnection temporal = connection.connect(config)) {
        ReleaseClient releases = connection.client(temporal, config);
        leftovers = sweep.find(releases::fate, deregisterDeprecated);
      }
      if (leftovers.isEmpty()) {
        out.println("Nothing to sweep in " + regions(aws) + ".");
        return 0;
      }
      out.printf("%-16s  %-8s  %-24s  %-40s  %s%n", "REGION", "KIND", "ID", "RELEASE", "WHY");
      leftovers.forEach(l -> out.printf("%-16s  %-8s  %-24s  %-40s  %s%n", l.region(), l.kind(), l.id(), l.releaseId(), l.why()));
      if (dryRun) {
        out.printf("%d to remove; nothing removed (--dry-run).%n", leftovers.size());
        return 0;
      }
      sweep.delete(leftovers);
      out.printf("Removed %d.%n", leftovers.size());
      return 0;
    }

    private static List<String> regions(AwsConfig aws) {
      return java.util.stream.Stream.concat(java.util.stream.Stream.of(aws.primaryRegion()), aws.regions().stream()).toList();
    }
  }
}
