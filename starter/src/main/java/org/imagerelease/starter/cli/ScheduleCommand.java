package org.imagerelease.starter.cli;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.imagerelease.starter.client.RetentionSchedules;
import org.imagerelease.starter.client.TemporalRetentionSchedules;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code image-release schedule ...}: what image-release runs on its own, as Temporal Schedules. */
@Command(
    name = "schedule",
    description = "What image-release runs on its own, as Temporal Schedules (they need a Temporal cluster).",
    subcommands = {ScheduleCommand.Install.class})
public final class ScheduleCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "install",
      description = {
        "Create (or update) the daily Temporal Schedule " + RetentionSchedules.SCHEDULE_ID + ", which runs the retention policy",
        "every day at --at (UTC); a run still under way makes the next one skip. Needs a Temporal cluster: the Java test",
        "server of image-release server has no Schedules (then run image-release retention run from cron instead)."
      })
  public static final class Install implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--at", paramLabel = "HH:MM", defaultValue = "04:00", description = "The time of day, UTC (default ${DEFAULT-VALUE}).")
    String at;

    private Function<TemporalConnection, RetentionSchedules> schedules;

    /** Reaches the schedules another way than Temporal's Schedule API: tests give a fake. */
    public void useSchedules(Function<TemporalConnection, RetentionSchedules> reach) {
      this.schedules = reach;
    }

    @Override
    public Integer call() {
      LocalTime time;
      try {
        time = LocalTime.parse(at);
      } catch (DateTimeParseException e) {
        throw new ParameterException(spec.commandLine(), "--at wants a time of day such as 04:00, not " + at);
      }
      ImageReleaseConfig config = connection.config();
      try (TemporalConnection temporal = connection.connect(config)) {
        RetentionSchedules target =
            schedules != null
                ? schedules.apply(temporal)
                : new TemporalRetentionSchedules(temporal.service(), config.temporal().namespace(), config.temporal().taskQueue());
        boolean created = target.installDaily(time);
        spec.commandLine().getOut().printf("%s schedule %s: retention runs every day at %s UTC.%n", created ? "Created" : "Updated", RetentionSchedules.SCHEDULE_ID, time);
        return 0;
      } catch (RetentionSchedules.SchedulesUnavailable e) {
        spec.commandLine().getErr().println("image-release schedule install: " + e.getMessage());
        return 2;
      }
    }
  }
}
