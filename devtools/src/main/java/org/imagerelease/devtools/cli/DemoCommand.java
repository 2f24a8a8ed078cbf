package org.imagerelease.devtools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.imagerelease.devtools.demo.DemoReport;
import org.imagerelease.devtools.demo.DemoRun;
import org.imagerelease.devtools.demo.DemoSummary;
import org.imagerelease.devtools.demo.DemoTargets;
import org.imagerelease.starter.cli.Json;
import org.imagerelease.starter.cli.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description = {
      "Release a generated compose to a local mirror, end to end, with nothing installed: the compose is served over "
          + "local HTTP, the embedded Temporal server and a worker run in this process, the test gate is fed by a local "
          + "test runner that checks each uploaded image's disk, and the mirror has two roots the images are copied to "
          + "and published in.",
      "With --amqp the release goes through a message bus as in production: the demo announces the compose with Pungi's "
          + "FINISHED message on amq.topic, the bus consumer starts the release, the test runner's results go out as ResultsDB "
          + "result.new messages, and the release's events are collected from amq.topic and shown at the end.",
      "Exit code 0 when the release ends as expected: RELEASED, or COMPENSATED with nothing left public with --fail-tests;"
          + " with --amqp the message announcing that end must have been seen on the bus too."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print only a JSON report on stdout (the live view goes to stderr).")
  boolean json;

  @Option(
      names = "--target",
      paramLabel = "TARGET",
      description = "Release to all targets (default), only the mirror, only AWS (through a local AWS endpoint), or only Azure (through a"
          + " local ARM endpoint and Azurite, or an embedded Blob service when Node or Azurite are missing): ${COMPLETION-CANDIDATES}.")
  DemoTargets target = DemoTargets.ALL;

  @Option(names = "--fail-tests", description = "Have the local test runner report FAILED for every image: the gate closes and everything is withdrawn.")
  boolean failTests;

  @Option(
      names = "--amqp",
      description = "Go through a message bus: the local RabbitMQ (127.0.0.1:5672, guest) if it answers, else an embedded broker"
          + " (IMAGE_RELEASE_JAVA_OPTS=-Dimagerelease.broker=embedded|rabbitmq forces the choice). Topics and queues are this"
          + " run's own (org.fedoraproject.demo-<random>) and its queues are deleted at the end.")
  boolean amqp;

  @Option(names = "--keep", paramLabel = "DIR", description = "Work in DIR (new or empty) and keep the compose, mirror trees and test reports there. Default: a temporary directory, removed at the end.")
  Path keep;

  @Option(names = {"-v", "--verbose"}, description = "Show the worker's logs (on stderr).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (verbose) {
      Logging.showProgress();
    } else {
      Logging.quiet();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter progress = json ? err : out;
    // Logs interleaved with a view redrawn in place would garble both.
    boolean terminal = System.console() != null && !verbose;
    DemoReport report =
        (amqp ? DemoRun.throughTheBus(failTests, keep, target) : new DemoRun(failTests, keep, null, target)).execute(progress, terminal);
    if (json) {
      out.println(Json.of(report));
      if (!report.succeeded()) {
        err.println("image-release demo: " + report.failure());
      }
    } else {
      out.print(DemoSummary.render(report));
    }
    out.flush();
    return report.succeeded() ? 0 : 1;
  }
}
