package org.imagerelease.activities.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the retention policy removes at one moment, and what it noticed but leaves alone. The
 * deletions are in a fixed order (definition, then version oldest first; blobs by name), so the
 * same gallery gives the same plan and the same dry-run text.
 *
 * @param now the moment end-of-life dates and blob ages were judged against
 * @param settings the numbers of the policy the plan followed
 * @param versions gallery image versions to delete, each once with every reason
 * @param blobs upload blobs to delete
 * @param warnings what a release engineer should look at: names the count rules cannot order,
 *     versions kept because VMs asking for {@code latest} get them
 */
public record RetentionPlan(
    Instant now,
    RetentionSettings settings,
    List<VersionDeletion> versions,
    List<BlobDeletion> blobs,
    List<String> warnings) {

  private static final Comparator<VersionDeletion> VERSION_ORDER =
      Comparator.comparing((VersionDeletion deletion) -> deletion.version().definition())
          .thenComparing(VersionDeletion::version, RetentionPolicy.OLDEST_FIRST);

  private static final Comparator<BlobDeletion> BLOB_ORDER = Comparator.comparing(deletion -> deletion.blob().name());

  public RetentionPlan {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(settings, "settings");
    versions = versions.stream().sorted(VERSION_ORDER).toList();
    blobs = blobs.stream().sorted(BLOB_ORDER).toList();
    warnings = List.copyOf(warnings);
  }

  /** Whether nothing is to be deleted (there may still be warnings). */
  public boolean deletesNothing() {
    return versions.isEmpty() && blobs.isEmpty();
  }

  /** The plan as {@code image-release retention run --dry-run} shows it. */
  public String format() {
    StringBuilder text = new StringBuilder();
    text.append("Retention plan at ").append(now).append('\n');
    text.append("  1. versions whose end of life has passed\n");
    text.append("  2. versions beyond the latest ").append(settings.keepExcluded())
        .append(" excluded from latest in their definition\n");
    text.append("  3. versions beyond the latest ").append(settings.keepRawhide())
        .append(" in a definition named with \"").append(settings.rawhideMarker()).append("\"\n");
    text.append("  4. upload blobs last modified more than ").append(describe(settings.blobAge())).append(" ago\n");

    text.append('\n').append("Gallery image versions to delete: ").append(versions.size()).append('\n');
    if (!versions.isEmpty()) {
      TextTable table = new TextTable("DEFINITION", "VERSION", "REASONS");
      for (VersionDeletion deletion : versions) {
        table.row(deletion.version().definition(), deletion.version().name(), reasons(deletion));
      }
      text.append(table.render());
    }

    text.append('\n').append("Upload blobs to delete: ").append(blobs.size()).append('\n');
    if (!blobs.isEmpty()) {
      TextTable table = new TextTable("BLOB", "LAST MODIFIED", "AGE");
      for (BlobDeletion deletion : blobs) {
        table.row(deletion.blob().name(), deletion.blob().lastModified().toString(), describe(deletion.age()));
      }
      text.append(table.render());
    }

    text.append('\n').append("Warnings: ").append(warnings.size()).append('\n');
    for (String warning : warnings) {
      text.append("  ").append(warning).append('\n');
    }
    return text.toString();
  }

  private String reasons(VersionDeletion deletion) {
    return deletion.reasons().stream().map(reason -> describe(reason, deletion.version())).collect(Collectors.joining("; "));
  }

  private String describe(DeletionReason reason, GalleryVersion version) {
    return switch (reason) {
      case END_OF_LIFE_PASSED -> "end of life " + version.endOfLife().map(Instant::toString).orElse("?") + " passed";
      case BEYOND_LATEST_EXCLUDED -> "beyond the latest " + settings.keepExcluded() + " excluded from latest";
      case BEYOND_LATEST_RAWHIDE -> "beyond the latest " + settings.keepRawhide() + " in Rawhide";
    };
  }

  /** Days, hours and minutes: what tells a blob of 6d 23h from one of 7d 0h 1m. */
  static String describe(Duration age) {
    return age.toDays() + "d " + age.toHoursPart() + "h " + age.toMinutesPart() + "m";
  }
}
