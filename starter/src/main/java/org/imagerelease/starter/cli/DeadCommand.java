package org.imagerelease.starter.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.starter.bus.DeadLetter;
import org.imagerelease.starter.bus.DeadLetters;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code image-release dead list|replay}: what the consumer rejected, kept for a person to act on. */
@Command(
    name = "dead",
    description = {
      "Dead letters: the messages the consumer rejected (unreadable, wrong schema, too large), which the broker moved to the",
      "queue's dead-letter queue. The consumer leaves them there; list them, and replay them once what rejected them is fixed.",
      "The dead-letter queues are the configured queues bound to the exchange some queue's x-dead-letter-exchange names."
    },
    subcommands = {DeadCommand.ListDead.class, DeadCommand.Replay.class})
public final class DeadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Options both subcommands share. */
  static final class Where {
    @Mixin ConfigOption configFile;

    @Option(names = "--queue", paramLabel = "NAME", description = "This dead-letter queue. Default: every one the configuration has.")
    String queue;

    MessagingSettings settings() {
      Logging.quiet();
      return configFile.load().messaging().settings();
    }
  }

  @Command(name = "list", description = "List the messages in the dead-letter queues; they stay there.")
  static final class ListDead implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Where where;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      MessagingSettings settings = where.settings();
      List<DeadLetter> letters = new ArrayList<>();
      List<String> queues = DeadLetters.queues(settings, Optional.ofNullable(where.queue));
      try (DeadLetters deadLetters = DeadLetters.connect(settings)) {
        for (String queue : queues) {
          letters.addAll(deadLetters.list(queue));
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.of(letters));
        return 0;
      }
      for (String queue : queues) {
        List<DeadLetter> inQueue = letters.stream().filter(l -> l.queue().equals(queue)).toList();
        out.printf("%s: %d dead letter%s%n", queue, inQueue.size(), inQueue.size() == 1 ? "" : "s");
        for (DeadLetter letter : inQueue) {
          out.printf("  %s  %s%n", letter.messageId().isEmpty() ? "(no id)" : letter.messageId(), letter.topic());
          out.printf("      %s%s%s, %d bytes: %s%n",
              letter.reason().isEmpty() ? "dead-lettered" : letter.reason(),
              letter.fromQueue().isEmpty() ? "" : " by " + letter.fromQueue(),
              letter.deadSince() == null ? "" : " at " + letter.deadSince(),
              letter.bodyBytes(),
              letter.bodyStart().replaceAll("\\s+", " "));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "replay",
      description = {
        "Publish dead letters again, to the exchange and with the topic they were first published with (same id, headers and body),",
        "and take each off the dead-letter queue once the broker confirmed its copy. Every queue bound to the topic gets it again."
      })
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Where where;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    static final class Selection {
      @Option(names = "--all", required = true, description = "Every dead letter.")
      boolean all;

      @Parameters(paramLabel = "MESSAGE_ID", arity = "1..*", description = "The ids of the dead letters to replay (see image-release dead list).")
      List<String> ids;
    }

    @Override
    public Integer call() throws Exception {
      MessagingSettings settings = where.settings();
      Set<String> wanted = selection.all ? Set.of() : new HashSet<>(selection.ids);
      Set<String> found = new HashSet<>();
      PrintWriter out = spec.commandLine().getOut();
      try (DeadLetters deadLetters = DeadLetters.connect(settings)) {
        for (String queue : DeadLetters.queues(settings, Optional.ofNullable(where.queue))) {
          for (DeadLetter letter : deadLetters.replay(queue, l -> selection.all || wanted.contains(l.messageId()))) {
            found.add(letter.messageId());
            out.printf("Replayed %s from %s to exchange %s as %s%n", letter.messageId(), queue, letter.exchange().isEmpty() ? "(default)" : letter.exchange(), letter.topic());
          }
        }
      }
      List<String> missing = wanted.stream().filter(id -> !found.contains(id)).sorted().toList();
      if (!missing.isEmpty()) {
        spec.commandLine().getErr().println("image-release dead replay: no dead letter with id " + String.join(", ", missing));
        return 1;
      }
      if (found.isEmpty()) {
        out.println("No dead letters.");
      }
      return 0;
    }
  }
}
