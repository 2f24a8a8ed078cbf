package org.imagerelease.starter;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.ConfigValues;
import org.imagerelease.starter.cli.Commands;
import org.imagerelease.starter.cli.LogFormat;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.starter.cli.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The {@code image-release} command. */
@Command(
    name = "image-release",
    mixinStandardHelpOptions = true,
    versionProvider = ImageReleaseCli.Version.class,
    description = "Releases a compose's cloud images to their targets, gated on tests, durably (Temporal).",
    subcommandsRepeatable = false)
public final class ImageReleaseCli {
  private static final String LOG_FORMAT = "--log-format";

  /**
   * Inherited, so it is taken before or after the command's name. Read from the parse result by
   * {@link #applyLogFormat}, not from this field: each command gets its own copy of the option.
   */
  @Option(
      names = LOG_FORMAT,
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      description = {
        "Log lines as text (default) or one JSON object per line with the MDC (composeId, WorkflowId, image, target, location...).",
        "Else $" + LogFormat.ENVIRONMENT_VARIABLE + "."
      })
  LogFormat logFormat;

  private ImageReleaseCli() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command line and returns its exit code: 0 success, 1 failure, 2 usage error. Both
   * writers are flushed before it returns, so nothing a command printed is lost at exit.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(commandLine(List.of()), args, out, err);
  }

  /**
   * The production commands followed by {@code moreCommands} (the development jar adds demo,
   * server, dev and bench). Picocli applies a setting only to the subcommands present when it is
   * set, so every command is added here, before the settings.
   */
  public static CommandLine commandLine(List<Object> moreCommands) {
    CommandLine commandLine = new CommandLine(new ImageReleaseCli());
    Commands.all().forEach(commandLine::addSubcommand);
    moreCommands.forEach(commandLine::addSubcommand);
    giveEveryCommandHelp(commandLine);
    commandLine.registerConverter(Duration.class, ConfigValues::duration);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionStrategy(
        parseResult -> {
          applyLogFormat(parseResult);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return commandLine;
  }

  /**
   * Switches the log format before the command runs, so its first line is already in it. The
   * last command on the line that was given {@code --log-format} wins, else the environment.
   */
  private static void applyLogFormat(ParseResult parseResult) {
    LogFormat option = null;
    for (ParseResult command = parseResult; command != null; command = command.subcommand()) {
      option = command.matchedOptionValue(LOG_FORMAT, option);
    }
    try {
      Logging.use(LogFormat.chosen(option, System.getenv()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(parseResult.commandSpec().commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Every command and subcommand answers {@code --help} (and {@code --version}) with exit 0, also
   * one with required options or parameters: picocli skips those checks for a usage-help option.
   * Given here, once for the whole tree, so no command can be added without it.
   */
  private static void giveEveryCommandHelp(CommandLine command) {
    for (CommandLine subcommand : command.getSubcommands().values()) {
      subcommand.getCommandSpec().mixinStandardHelpOptions(true);
      giveEveryCommandHelp(subcommand);
    }
  }

  /** Runs one command line of {@code commandLine} as {@link #run(String[], PrintWriter, PrintWriter)} does. */
  public static int run(CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err) {
    try {
      return execute(commandLine, args, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int execute(CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err) {
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr().println("image-release " + cmd.getCommandName() + ": " + TerminalText.lines(explain(exception)));
          if (Boolean.getBoolean("imagerelease.debug")) {
            exception.printStackTrace(cmd.getErr());
          }
          return 1;
        });
    if (args.length == 0) {
      commandLine.usage(out);
      return 2;
    }
    return commandLine.execute(args);
  }

  /** One line a person can act on, without a stack trace. */
  static String explain(Exception exception) {
    Throwable cause = exception;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException || t instanceof ReleaseException || t instanceof ConfigException || t instanceof WorkflowNotFoundException) {
        cause = t;
        break;
      }
    }
    if (cause instanceof WorkflowNotFoundException notFound) {
      return "no release " + notFound.getExecution().getWorkflowId() + " (is the compose id right? `image-release list` shows the releases)";
    }
    if (cause instanceof StatusRuntimeException grpc) {
      if (grpc.getStatus().getCode() == Status.Code.UNAVAILABLE || grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return "cannot reach the Temporal server (" + grpc.getStatus().getDescription()
            + "). Is it running? Pass --address HOST:PORT; for a local one: ./image-release server (or dev) from a source checkout.";
      }
      if (grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return "not found: " + grpc.getStatus().getDescription();
      }
      return "Temporal answered " + grpc.getStatus().getCode() + ": " + grpc.getStatus().getDescription();
    }
    if (cause instanceof ReleaseException release) {
      return release.failureType() + ": " + release.getMessage();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ImageReleaseCli.class.getPackage().getImplementationVersion();
      return new String[] {"image-release " + (version == null ? "(development build)" : version)};
    }
  }
}
