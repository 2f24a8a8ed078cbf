package org.imagerelease.activities.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The distribution's retention policy for its Azure gallery and upload container, as a plan and
 * nothing else: it calls no cloud, so the same listing always gives the same plan.
 *
 * <ol>
 *   <li>versions whose end-of-life date has passed go;
 *   <li>each definition keeps the latest {@code keepExcluded} versions excluded from {@code
 *       latest}; older ones with the flag go, versions without it are not counted;
 *   <li>a Rawhide definition keeps the latest {@code keepRawhide} versions whatever their flag;
 *   <li>upload blobs last modified longer than {@code blobAge} ago go.
 * </ol>
 *
 * "Latest" is Azure's version order. A name that is not {@code Major.Minor.Patch} cannot be
 * ordered, so the count rules leave it alone (with a warning); its end of life still applies.
 * The version VMs asking for {@code latest} get is never removed by a count rule: see {@link
 * #plan}.
 */
public final class RetentionPolicy {
  /** Versions in Azure's order, oldest first; names that do not parse after them, by name. */
  static final Comparator<GalleryVersion> OLDEST_FIRST =
      Comparator.comparing((GalleryVersion version) -> version.number().isEmpty())
          .thenComparing(version -> version.number().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(GalleryVersion::name);

  private static final Comparator<GalleryVersion> NEWEST_FIRST =
      Comparator.comparing((GalleryVersion version) -> version.number().orElseThrow()).reversed();

  private RetentionPolicy() {}

  /**
   * What the policy removes at {@code now}.
   *
   * <p>The version {@code latest} resolves to once the plan has run (the newest version in its
   * definition that is not excluded from latest and whose end of life has not passed) is kept
   * even when a count rule reaches it, with a warning: a Rawhide definition with more than its
   * count of excluded versions above it would otherwise lose the image every VM asking for
   * {@code latest} gets. A version whose end of life has passed is not protected.
   *
   * @param versions every image version of the definitions to plan; definition and name together
   *     must be unique
   * @param blobs the page blobs of the upload container
   * @throws IllegalArgumentException when a definition lists a version name twice, which means
   *     definitions of different galleries were mixed up
   */
  public static RetentionPlan plan(List<GalleryVersion> versions, List<UploadBlob> blobs, Instant now, RetentionSettings settings) {
    requireUnique(versions);
    Map<GalleryVersion, Set<DeletionReason>> reasons = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();

    for (GalleryVersion version : versions) {
      if (version.endOfLifePassed(now)) {
        reasonsOf(reasons, version).add(DeletionReason.END_OF_LIFE_PASSED);
      }
    }

    Map<String, List<GalleryVersion>> byDefinition = new TreeMap<>(
        versions.stream().collect(Collectors.groupingBy(GalleryVersion::definition)));
    for (Map.Entry<String, List<GalleryVersion>> definition : byDefinition.entrySet()) {
      definition.getValue().stream().filter(version -> version.number().isEmpty())
          .sorted(Comparator.comparing(GalleryVersion::name))
          .forEach(version -> warnings.add(
              version.definition() + " " + version.name() + ": not Major.Minor.Patch, so no count rule removes it"));

      List<GalleryVersion> newestFirst = definition.getValue().stream()
          .filter(version -> version.number().isPresent()).sorted(NEWEST_FIRST).toList();
      newestFirst.stream().filter(GalleryVersion::excludeFromLatest).skip(settings.keepExcluded())
          .forEach(version -> reasonsOf(reasons, version).add(DeletionReason.BEYOND_LATEST_EXCLUDED));
      if (settings.isRawhide(definition.getKey())) {
        newestFirst.stream().skip(settings.keepRawhide())
            .forEach(version -> reasonsOf(reasons, version).add(DeletionReason.BEYOND_LATEST_RAWHIDE));
      }

      latestAfterPlan(newestFirst, now).filter(reasons::containsKey).ifPresent(latest -> {
        reasons.remove(latest);
        warnings.add(latest.definition() + " " + latest.name()
            + ": kept although a count rule reaches it, because VMs asking for latest get it");
      });
    }

    List<VersionDeletion> versionDeletions = reasons.entrySet().stream()
        .map(entry -> new VersionDeletion(entry.getKey(), List.copyOf(entry.getValue()))).toList();
    return new RetentionPlan(now, settings, versionDeletions, expiredBlobs(blobs, now, settings), warnings);
  }

  /** The version {@code latest} resolves to once the versions whose end of life passed are gone. */
  private static Optional<GalleryVersion> latestAfterPlan(List<GalleryVersion> newestFirst, Instant now) {
    return newestFirst.stream()
        .filter(version -> !version.excludeFromLatest() && !version.endOfLifePassed(now))
        .findFirst();
  }

  private static List<BlobDeletion> expiredBlobs(List<UploadBlob> blobs, Instant now, RetentionSettings settings) {
    List<BlobDeletion> expired = new ArrayList<>();
    for (UploadBlob blob : blobs) {
      Duration age = Duration.between(blob.lastModified(), now);
      if (age.compareTo(settings.blobAge()) > 0) {
        expired.add(new BlobDeletion(blob, age));
      }
    }
    return expired;
  }

  private static Set<DeletionReason> reasonsOf(Map<GalleryVersion, Set<DeletionReason>> reasons, GalleryVersion version) {
    return reasons.computeIfAbsent(version, any -> EnumSet.noneOf(DeletionReason.class));
  }

  private static void requireUnique(List<GalleryVersion> versions) {
    Set<List<String>> seen = new HashSet<>();
    for (GalleryVersion version : versions) {
      if (!seen.add(List.of(version.definition(), version.name()))) {
        throw new IllegalArgumentException("definition " + version.definition() + " lists version " + version.name()
            + " twice; qualify definitions with their gallery when planning several galleries");
      }
    }
  }
}
