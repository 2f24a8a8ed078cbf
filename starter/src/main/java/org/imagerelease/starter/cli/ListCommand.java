package org.imagerelease.starter.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.imagerelease.starter.client.ReleaseListing;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ReleaseStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List releases, newest first, optionally only those at one stage (find the stuck ones).")
public final class ListCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--stage", paramLabel = "STAGE", description = "Only releases at this stage: ${COMPLETION-CANDIDATES}.")
  ReleaseStage stage;

  @Option(names = "--json", description = "Print the list as JSON.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Say how the list was made (visibility query or list-and-describe).")
  boolean verbose;

  /** The releases as a table, every value from Temporal escaped for the terminal. */
  static String table(List<ReleaseSummary> releases) {
    List<String[]> rows = releases.stream()
        .map(release -> new String[] {
          TerminalText.of(release.composeId()),
          release.stage().isEmpty() ? "-" : TerminalText.of(release.stage()),
          TerminalText.of(release.execution()),
          release.started() == null ? "" : TIME.format(release.started())})
        .toList();
    int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(10);
    String format = "%-" + width + "s  %-18s  %-10s  %s%n";
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, format, "COMPOSE", "STAGE", "EXECUTION", "STARTED (UTC)"));
    rows.forEach(row -> table.append(String.format(Locale.ROOT, format, (Object[]) row)));
    return table.toString();
  }

  @Override
  public Integer call() {
    ImageReleaseConfig config = connection.config();
    ReleaseListing listing;
    try (TemporalConnection temporal = connection.connect(config)) {
      listing = connection.client(temporal, config).list(Optional.ofNullable(stage));
    }
    var out = spec.commandLine().getOut();
    if (verbose || listing.fellBack()) {
      // Said even without --verbose when it fell back: the list is made differently (slower, one
      // describe per release), and `temporal workflow list --query` will not work on this server.
      spec.commandLine().getErr().println("list: " + listing.method());
    }
    if (json) {
      out.println(Json.of(listing));
      return 0;
    }
    if (listing.releases().isEmpty()) {
      out.println(stage == null ? "No releases." : "No releases at stage " + stage + ".");
      return 0;
    }
    out.print(table(listing.releases()));
    return 0;
  }
}
