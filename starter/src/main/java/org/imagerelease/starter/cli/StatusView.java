package org.imagerelease.starter.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.imagerelease.starter.client.RetryingStep;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TransferProgress;

/** A release's status as a person reads it in a terminal. */
public final class StatusView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatusView() {}

  /**
   * The whole status: stage, what it waits for, a row per image and location with its state,
   * resource and running transfer, decisions, the last error and leftovers.
   */
  public static String render(ReleaseStatus status, RunningSteps running, Instant now) {
    List<TransferProgress> transfers = running.transfers();
    StringBuilder out = new StringBuilder();
    out.append("Release of ").append(TerminalText.of(status.composeId())).append(": ").append(status.stage());
    if (status.stageSince() != null && !status.stage().isFinal()) {
      out.append(" (since ").append(TIME.format(status.stageSince())).append(", ").append(Sizes.duration(Duration.between(status.stageSince(), now))).append(")");
    }
    out.append('\n');
    if (status.waiting() != null) {
      out.append("  waiting for: ").append(TerminalText.of(status.waiting().what()));
      if (status.waiting().since() != null) {
        out.append(" (since ")
            .append(TIME.format(status.waiting().since()))
            .append(", ")
            .append(Sizes.duration(Duration.between(status.waiting().since(), now)))
            .append(" ago)");
      }
      out.append('\n');
    }
    if (status.gateOutcome() != null) {
      out.append("  gate: ").append(status.gateOutcome()).append('\n');
    }
    if (status.images().isEmpty()) {
      out.append("  no images planned").append(status.stage().isFinal() ? " (no target selects an image of this compose)" : "").append('\n');
    } else {
      out.append('\n').append(table(status, transfers));
    }
    if (!status.decisions().isEmpty()) {
      out.append("\n  decisions:\n");
      status.decisions().forEach(d -> out.append("    ").append(TerminalText.of(d)).append('\n'));
    }
    retrying(running, out);
    if (!status.lastError().isEmpty()) {
      out.append("\n  last error: ").append(TerminalText.of(status.lastError())).append('\n');
    }
    if (!status.leftovers().isEmpty()) {
      out.append("\n  LEFT BEHIND, a person must check:\n");
      status.leftovers().forEach(l -> out.append("    ").append(TerminalText.of(l)).append('\n'));
    }
    return out.toString();
  }

  private static String table(ReleaseStatus status, List<TransferProgress> transfers) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"IMAGE", "TARGET", "LOCATION", "STATE", "WHERE", "TESTS"});
    for (ImageStatus image : status.images()) {
      boolean first = true;
      for (LocationStatus location : image.locations()) {
        Optional<TransferProgress> transfer = transferOf(transfers, image, location);
        rows.add(
            new String[] {
              first ? TerminalText.of(image.imageName()) : "",
              first ? TerminalText.of(image.target()) : "",
              TerminalText.of(location.location()),
              location.state().name() + transfer.map(t -> " " + percent(t)).orElse(""),
              TerminalText.of(where(location, transfer)),
              first ? TerminalText.of(tests(image.tests())) : ""
            });
        first = false;
      }
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** The steps Temporal is retrying, each with why its last attempt failed. */
  static void retrying(RunningSteps running, StringBuilder out) {
    for (RetryingStep step : running.retrying()) {
      out.append("  retrying ").append(step.activity()).append(" (attempt ").append(step.attempt()).append("): ")
          .append(TerminalText.of(step.lastFailure())).append('\n');
    }
  }

  static Optional<TransferProgress> transferOf(List<TransferProgress> transfers, ImageStatus image, LocationStatus location) {
    return transfers.stream()
        .filter(t -> t.target().equals(image.target()) && t.location().equals(location.location()) && t.imageName().equals(image.imageName()))
        .findFirst();
  }

  private static String where(LocationStatus location, Optional<TransferProgress> transfer) {
    if (transfer.isPresent()) {
      TransferProgress t = transfer.get();
      return Sizes.bytes(t.compressedBytesDone()) + " of " + Sizes.bytes(t.compressedBytesTotal())
          + ", " + t.blocksAccepted() + " blocks sent, " + t.blocksSkipped() + " zero"
          + (t.resumes() == 0 ? "" : ", resumed " + t.resumes() + "x, " + Sizes.bytes(t.bytesReadAgain()) + " read again");
    }
    String place = !location.url().isEmpty() ? location.url() : location.resourceId();
    if (location.detail().isEmpty()) {
      return place;
    }
    return place.isEmpty() ? location.detail() : place + " (" + location.detail() + ")";
  }

  private static String percent(TransferProgress transfer) {
    return Math.round(transfer.fraction() * 100) + "%";
  }

  private static String tests(Map<String, String> tests) {
    return tests.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }
}
