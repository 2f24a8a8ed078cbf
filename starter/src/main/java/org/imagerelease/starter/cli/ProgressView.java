package org.imagerelease.starter.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TransferProgress;

/** The compact live view of {@code watch}: stage, what it waits for, a bar per image and location. */
public final class ProgressView {
  private static final int BAR = 24;

  private ProgressView() {}

  public static String render(ReleaseStatus status, RunningSteps running, Instant now) {
    List<TransferProgress> transfers = running.transfers();
    StringBuilder out = new StringBuilder();
    out.append(TerminalText.of(status.composeId())).append("  ").append(status.stage());
    if (status.waiting() != null) {
      out.append("  waiting for ").append(TerminalText.of(status.waiting().what()));
      if (status.waiting().since() != null) {
        out.append(" (").append(Sizes.duration(Duration.between(status.waiting().since(), now))).append(")");
      }
    }
    out.append('\n');
    int nameWidth = status.images().stream().mapToInt(i -> i.imageName().length() + i.target().length() + 1).max().orElse(10);
    int locationWidth = status.images().stream().flatMap(i -> i.locations().stream()).mapToInt(l -> l.location().length()).max().orElse(8);
    for (ImageStatus image : status.images()) {
      for (LocationStatus location : image.locations()) {
        Optional<TransferProgress> transfer = StatusView.transferOf(transfers, image, location);
        out.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %-" + locationWidth + "s  ", TerminalText.of(image.target() + ":" + image.imageName()), TerminalText.of(location.location())))
            .append(bar(location.state(), transfer))
            .append("  ")
            .append(location.state());
        transfer.ifPresent(t -> out.append("  ").append(Sizes.bytes(t.compressedBytesDone())).append(" / ").append(Sizes.bytes(t.compressedBytesTotal())));
        out.append('\n');
      }
    }
    StatusView.retrying(running, out);
    if (!status.lastError().isEmpty()) {
      out.append("  last error: ").append(TerminalText.of(status.lastError())).append('\n');
    }
    return out.toString();
  }

  private static String bar(LocationState state, Optional<TransferProgress> transfer) {
    double fraction =
        transfer.map(TransferProgress::fraction).orElse(
            switch (state) {
              case PLANNED, UPLOADING, REPLICATING, FAILED, WITHDRAWN -> 0.0;
              default -> 1.0;
            });
    int filled = (int) Math.round(fraction * BAR);
    char fill = state == LocationState.WITHDRAWN || state == LocationState.FAILED || state == LocationState.SKIPPED ? 'x' : '#';
    return "[" + String.valueOf(fill).repeat(filled) + "-".repeat(BAR - filled) + "] " + String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100));
  }
}
