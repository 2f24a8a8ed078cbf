package org.imagerelease.starter.cli;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.retention.RetentionItem;
import org.imagerelease.workflows.retention.RetentionReport;
import org.imagerelease.workflows.retention.RetentionRequest;
import org.imagerelease.workflows.retention.RetentionWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code image-release retention ...}: the retention policy on what releases left in the clouds. */
@Command(
    name = "retention",
    description = "The retention policy on what releases left in the clouds (Azure gallery versions and upload blobs).",
    subcommands = {RetentionCommand.Run.class})
public final class RetentionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "run",
      description = {
        "Run the retention policy once, now, on a worker: remove gallery versions whose end of life passed, keep only the latest 7",
        "versions excluded from latest per definition and the latest 7 of a Rawhide definition, delete upload blobs older than",
        "7 days. Prints the plan, then what was removed; --dry-run prints the plan only. A run already under way is waited for."
      })
  public static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    boolean dryRun;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30m", description = "How long to wait for the run to end (default ${DEFAULT-VALUE}).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
      ImageReleaseConfig config = connection.config();
      PrintWriter out = spec.commandLine().getOut();
      try (TemporalConnection temporal = connection.connect(config)) {
        WorkflowStub run = started(temporal.client(), config.temporal().taskQueue(), out);
        RetentionReport report = run.getResult(wait.toSeconds(), TimeUnit.SECONDS, RetentionReport.class);
        if (report.dryRun() != dryRun) {
          out.printf("The run under way was %s; starting the one asked for now.%n", report.dryRun() ? "a dry run" : "a real run");
          report = started(temporal.client(), config.temporal().taskQueue(), out).getResult(wait.toSeconds(), TimeUnit.SECONDS, RetentionReport.class);
        }
        print(report, out);
        return report.failed().isEmpty() ? 0 : 1;
      }
    }

    private WorkflowStub started(WorkflowClient client, String taskQueue, PrintWriter out) {
      WorkflowStub run =
          client.newUntypedWorkflowStub(
              "Retention",
              WorkflowOptions.newBuilder()
                  .setWorkflowId(RetentionWorkflow.WORKFLOW_ID)
                  .setTaskQueue(taskQueue)
                  .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .build());
      try {
        run.start(new RetentionRequest(dryRun, Who.current()));
        out.printf("Retention %s started (workflow %s); waiting for it.%n", dryRun ? "dry run" : "run", RetentionWorkflow.WORKFLOW_ID);
        return run;
      } catch (WorkflowExecutionAlreadyStarted e) {
        out.printf("A retention run is under way already (workflow %s); waiting for it instead.%n", RetentionWorkflow.WORKFLOW_ID);
        return client.newUntypedWorkflowStub(RetentionWorkflow.WORKFLOW_ID);
      }
    }

    private static void print(RetentionReport report, PrintWriter out) {
      out.print(report.plan());
      if (report.dryRun()) {
        out.println("Nothing removed (--dry-run).");
        return;
      }
      out.printf("Removed %d:%n", report.removed().size());
      for (RetentionItem item : report.removed()) {
        out.printf("  %s %s/%s (%s)%n", item.kind(), TerminalText.of(item.container()), TerminalText.of(item.name()), item.why());
      }
      if (!report.failed().isEmpty()) {
        out.printf("Could not remove %d (the next run tries again):%n", report.failed().size());
        report.failed().forEach(failure -> out.println("  " + TerminalText.of(failure)));
      }
    }
  }
}
