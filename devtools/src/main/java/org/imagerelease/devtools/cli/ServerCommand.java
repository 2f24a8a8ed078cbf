package org.imagerelease.devtools.cli;

import java.util.concurrent.Callable;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.starter.cli.WorkerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "server",
    description = {
      "Run the embedded Temporal server (the Java test server, real clock, in memory) with the search attributes registered,",
      "so the temporal CLI, tctl and separate worker processes can use it. Not for production: state is lost when it stops,",
      "and it has no visibility list queries and no Schedules."
    })
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "7233", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    Logging.showProgress();
    EmbeddedTemporal server = EmbeddedTemporal.listeningOn(host, port);
    var out = spec.commandLine().getOut();
    out.printf("Embedded Temporal server listening on %s, namespace %s, search attributes ComposeId and ReleaseStage registered.%n", server.address(), EmbeddedTemporal.NAMESPACE);
    out.printf("Run workers with: image-release worker --address %s%n", server.address());
    out.flush();
    WorkerCommand.runUntilStopped(server::close);
    return 0;
  }
}
