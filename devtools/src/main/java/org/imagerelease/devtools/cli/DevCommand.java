package org.imagerelease.devtools.cli;

import java.util.concurrent.Callable;
import org.imagerelease.starter.cli.ConfigOption;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.starter.cli.WorkerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "dev",
    description = {
      "Run the embedded Temporal server and a worker in one process, for development on one machine; print what runs "
          + "where; stop on Ctrl-C.",
      "When the configuration's broker (amqp_url) answers, the bus consumer of `image-release consume` runs too and the "
          + "worker publishes its release events on the bus (publish_events): a compose announced on the bus starts a "
          + "release, a ResultsDB result on the bus opens its gate (see `image-release publish-message --help`), and "
          + "`image-release listen` shows the events.",
      "Composes may be anywhere, local folders and servers included ([consumer_config.composes] allowed_locations and "
          + "allow_local_paths do not apply): dev releases what is made on this machine.",
      ""
    })
public final class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configFile;

  @Option(names = "--port", defaultValue = "7233", description = "Port of the embedded server on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--amqp",
      paramLabel = "auto|on|off",
      defaultValue = "auto",
      description = "Run the bus consumer: auto (default) if the broker answers within a second, else say why not and run without;"
          + " on: fail if it does not answer; off: never.")
  DevStack.Amqp amqp;

  /** Whether the AWS target releases to a local AWS endpoint this command runs, or stays as configured. */
  enum AwsMode {
    LOCAL,
    OFF
  }

  @Option(
      names = "--aws",
      defaultValue = "local",
      description = "local (default): run the local AWS endpoint on a free port, print it, and release the AWS target there (never to AWS itself); off: the AWS target as configured (off unless enabled).")
  AwsMode aws;

  /** Whether the Azure target releases to a local ARM endpoint and Blob storage this command runs, or stays as configured. */
  enum AzureMode {
    LOCAL,
    OFF
  }

  @Option(
      names = "--azure",
      defaultValue = "local",
      description = "local (default): run the local ARM endpoint (Azure Compute Gallery) and Blob storage (Azurite, else an embedded"
          + " service) on free ports, make the configured gallery (fedora-cloud/Fedora when unset), print both endpoints, the"
          + " subscription and the certificate, and release the Azure target there (never to Azure itself); off: the Azure target"
          + " as configured (off unless enabled).")
  AzureMode azure;

  @Override
  public Integer call() throws Exception {
    Logging.showProgress();
    DevStack stack = DevStack.start(configFile.load(), port, amqp, aws == AwsMode.LOCAL, azure == AzureMode.LOCAL,
        spec.commandLine().getOut());
    WorkerCommand.runUntilStopped(stack::close);
    return 0;
  }
}
