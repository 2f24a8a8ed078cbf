package org.imagerelease.starter.cli;

import java.util.List;

/** Every subcommand of the production {@code image-release}, in the order {@code --help} lists them. */
public final class Commands {
  private Commands() {}

  public static List<Object> all() {
    return List.of(
        new PlanCommand(),
        new StartCommand(),
        new StatusCommand(),
        new WatchCommand(),
        new DecisionCommand.Approve(),
        new DecisionCommand.Reject(),
        new DecisionCommand.Cancel(),
        new ListCommand(),
        new WorkerCommand(),
        new ConsumeCommand(),
        new DeadCommand(),
        new PublishMessageCommand(),
        new ListenCommand(),
        new AwsCommand(),
        new RetentionCommand(),
        new ScheduleCommand());
  }
}
