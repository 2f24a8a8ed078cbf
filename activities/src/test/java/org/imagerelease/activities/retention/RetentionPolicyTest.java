package org.imagerelease.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.retention.DeletionReason.BEYOND_LATEST_EXCLUDED;
import static org.imagerelease.activities.retention.DeletionReason.BEYOND_LATEST_RAWHIDE;
import static org.imagerelease.activities.retention.DeletionReason.END_OF_LIFE_PASSED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The distribution's Azure retention policy, rule by rule, and the version it never takes. */
class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String CLOUD_41 = "Fedora-Cloud-41-x64";
  private static final String RAWHIDE = "Fedora-Cloud-Rawhide-x64";
  private static final RetentionSettings POLICY = RetentionSettings.defaults();

  @Test
  void tenExcludedVersionsInOneDefinitionLoseTheThreeOldest() {
    List<GalleryVersion> versions = versions(CLOUD_41, 1, 10, true);

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).containsExactly(
        CLOUD_41 + " 41.20241001.1", CLOUD_41 + " 41.20241001.2", CLOUD_41 + " 41.20241001.3");
    assertThat(plan.versions()).allSatisfy(deletion -> assertThat(deletion.reasons()).containsExactly(BEYOND_LATEST_EXCLUDED));
  }

  @Test
  void versionsNotExcludedFromLatestAreNotCountedByTheExcludedRule() {
    List<GalleryVersion> versions = new ArrayList<>(versions(CLOUD_41, 1, 5, false));
    versions.addAll(versions(CLOUD_41, 6, 7, true));

    assertThat(deleted(plan(versions))).as("7 excluded and 5 not: nothing beyond the 7").isEmpty();
  }

  @Test
  void eachDefinitionCountsItsOwnVersions() {
    List<GalleryVersion> versions = new ArrayList<>(versions(CLOUD_41, 1, 8, true));
    versions.addAll(versions("Fedora-Cloud-41-arm64", 1, 7, true));

    assertThat(deleted(plan(versions))).containsExactly(CLOUD_41 + " 41.20241001.1");
  }

  @Test
  void nineRawhideVersionsWithMixedFlagsLoseTheTwoOldest() {
    List<GalleryVersion> versions = IntStream.rangeClosed(1, 9)
        .mapToObj(patch -> version(RAWHIDE, "42.20241101." + patch, patch % 2 == 0)).toList();

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).containsExactly(RAWHIDE + " 42.20241101.1", RAWHIDE + " 42.20241101.2");
    assertThat(plan.versions()).allSatisfy(deletion -> assertThat(deletion.reasons()).containsExactly(BEYOND_LATEST_RAWHIDE));
  }

  @Test
  void nineVersionsOutsideRawhideWithoutTheFlagAllStay() {
    List<GalleryVersion> versions = versions(CLOUD_41, 1, 9, false);

    assertThat(deleted(plan(versions))).isEmpty();
  }

  @Test
  void whichDefinitionIsRawhideIsASetting() {
    List<GalleryVersion> versions = versions("Fedora-Cloud-Eln-x64", 1, 9, false);
    RetentionSettings elnLikeRawhide = new RetentionSettings(7, 7, Duration.ofDays(7), "eln");

    assertThat(deleted(RetentionPolicy.plan(versions, List.of(), NOW, elnLikeRawhide))).hasSize(2);
  }

  @Test
  void versionsWhoseEndOfLifePassedGo() {
    List<GalleryVersion> versions = List.of(
        ending(CLOUD_41, "41.20241001.1", NOW.minusSeconds(1)),
        ending(CLOUD_41, "41.20241001.2", NOW),
        ending(CLOUD_41, "41.20241001.3", NOW.plus(Duration.ofDays(30))),
        version(CLOUD_41, "41.20241001.4", true));

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).as("only an end of life strictly before now").containsExactly(CLOUD_41 + " 41.20241001.1");
    assertThat(plan.versions().get(0).reasons()).containsExactly(END_OF_LIFE_PASSED);
  }

  @Test
  void aVersionRemovedByEveryRuleIsListedOnceWithEveryReason() {
    List<GalleryVersion> versions = new ArrayList<>(versions(RAWHIDE, 2, 9, true));
    versions.add(new GalleryVersion(RAWHIDE, "42.20241101.1", true, Optional.of(NOW.minus(Duration.ofDays(1)))));

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).containsExactly(RAWHIDE + " 42.20241101.1", RAWHIDE + " 42.20241101.2");
    assertThat(plan.versions().get(0).reasons()).containsExactly(END_OF_LIFE_PASSED, BEYOND_LATEST_EXCLUDED, BEYOND_LATEST_RAWHIDE);
    assertThat(plan.versions().get(1).reasons()).containsExactly(BEYOND_LATEST_EXCLUDED, BEYOND_LATEST_RAWHIDE);
  }

  @Test
  void theNewestVersionsAreFoundNumericallyNotLexically() {
    List<GalleryVersion> versions = Stream.of("41.20241027.9", "41.20241027.10", "41.20241027.8", "41.20241027.11")
        .map(name -> version(CLOUD_41, name, true)).toList();
    RetentionSettings keepTwo = new RetentionSettings(2, 7, Duration.ofDays(7), "Rawhide");

    RetentionPlan plan = RetentionPolicy.plan(versions, List.of(), NOW, keepTwo);

    assertThat(deleted(plan)).containsExactly(CLOUD_41 + " 41.20241027.8", CLOUD_41 + " 41.20241027.9");
  }

  @Test
  void namesThatDoNotParseAreNeverCountedButStillReachTheirEndOfLife() {
    List<GalleryVersion> versions = new ArrayList<>(versions(RAWHIDE, 1, 9, true));
    versions.add(version(RAWHIDE, "nightly", true));
    versions.add(version(RAWHIDE, "0.1", true));
    versions.add(new GalleryVersion(RAWHIDE, "old-test", true, Optional.of(NOW.minus(Duration.ofDays(1)))));

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).containsExactly(
        RAWHIDE + " 42.20241101.1", RAWHIDE + " 42.20241101.2", RAWHIDE + " old-test");
    assertThat(plan.versions().get(2).reasons()).containsExactly(END_OF_LIFE_PASSED);
    assertThat(plan.warnings()).containsExactly(
        RAWHIDE + " 0.1: not Major.Minor.Patch, so no count rule removes it",
        RAWHIDE + " nightly: not Major.Minor.Patch, so no count rule removes it",
        RAWHIDE + " old-test: not Major.Minor.Patch, so no count rule removes it");
  }

  @Test
  void theVersionLatestResolvesToIsKeptEvenBeyondTheRawhideCount() {
    List<GalleryVersion> versions = new ArrayList<>(List.of(version(RAWHIDE, "42.20241101.1", false)));
    versions.addAll(versions(RAWHIDE, 2, 9, true));

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).as("8 excluded newer than it; without protection the 2 oldest of 9 would go")
        .containsExactly(RAWHIDE + " 42.20241101.2");
    assertThat(plan.versions().get(0).reasons()).containsExactly(BEYOND_LATEST_EXCLUDED, BEYOND_LATEST_RAWHIDE);
    assertThat(plan.warnings()).containsExactly(
        RAWHIDE + " 42.20241101.1: kept although a count rule reaches it, because VMs asking for latest get it");
  }

  @Test
  void theVersionLatestResolvesToGoesWhenItsEndOfLifePassedAndTheNextOneIsKept() {
    List<GalleryVersion> versions = new ArrayList<>(List.of(
        version(RAWHIDE, "42.20241101.1", false),
        new GalleryVersion(RAWHIDE, "42.20241101.2", false, Optional.of(NOW.minus(Duration.ofDays(1))))));
    versions.addAll(versions(RAWHIDE, 3, 10, true));

    RetentionPlan plan = plan(versions);

    assertThat(deleted(plan)).as("the newest not excluded has expired; latest will resolve to .1, which stays")
        .containsExactly(RAWHIDE + " 42.20241101.2", RAWHIDE + " 42.20241101.3");
    assertThat(plan.versions().get(0).reasons()).containsExactly(END_OF_LIFE_PASSED, BEYOND_LATEST_RAWHIDE);
    assertThat(plan.warnings()).containsExactly(
        RAWHIDE + " 42.20241101.1: kept although a count rule reaches it, because VMs asking for latest get it");
  }

  @Test
  void uploadBlobsOlderThanSevenDaysGo() {
    List<UploadBlob> blobs = List.of(
        new UploadBlob("fedora-41-a.vhd", NOW.minus(Duration.ofDays(6).plusHours(23))),
        new UploadBlob("fedora-41-b.vhd", NOW.minus(Duration.ofDays(7))),
        new UploadBlob("fedora-41-c.vhd", NOW.minus(Duration.ofDays(7).plusMinutes(1))),
        new UploadBlob("fedora-41-d.vhd", NOW.plus(Duration.ofMinutes(5))));

    RetentionPlan plan = RetentionPolicy.plan(List.of(), blobs, NOW, POLICY);

    assertThat(plan.blobs()).containsExactly(new BlobDeletion(blobs.get(2), Duration.ofDays(7).plusMinutes(1)));
    assertThat(plan.versions()).isEmpty();
  }

  @Test
  void aVersionListedTwiceInADefinitionIsRefused() {
    List<GalleryVersion> versions = List.of(version(CLOUD_41, "41.1.1", true), version(CLOUD_41, "41.1.1", false));

    assertThatThrownBy(() -> plan(versions)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(CLOUD_41).hasMessageContaining("41.1.1");
  }

  @Test
  void anEmptyGalleryAndContainerDeleteNothing() {
    RetentionPlan plan = RetentionPolicy.plan(List.of(), List.of(), NOW, POLICY);

    assertThat(plan.deletesNothing()).isTrue();
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void theDryRunTableIsTheSameWhateverOrderTheGalleryListsIn() {
    List<GalleryVersion> versions = new ArrayList<>(versions(CLOUD_41, 1, 9, true));
    versions.addAll(IntStream.rangeClosed(1, 9).mapToObj(patch -> version(RAWHIDE, "42.20241101." + patch, patch % 2 == 0)).toList());
    versions.add(new GalleryVersion("Fedora-Cloud-40-x64", "40.20240423.0", false, Optional.of(Instant.parse("2025-05-13T00:00:00Z"))));
    versions.add(version(CLOUD_41, "manual-test", true));
    List<UploadBlob> blobs = new ArrayList<>(List.of(
        new UploadBlob("Fedora-Cloud-Rawhide-20241101.n.0.x86_64.vhd", NOW.minus(Duration.ofDays(36).plusHours(3))),
        new UploadBlob("Fedora-Cloud-41-20241001.0.x86_64.vhd", NOW.minus(Duration.ofDays(7).plusMinutes(1))),
        new UploadBlob("Fedora-Cloud-41-20241206.0.x86_64.vhd", NOW.minus(Duration.ofDays(1)))));

    String expected = """
        Retention plan at 2026-12-07T12:00:00Z
          1. versions whose end of life has passed
          2. versions beyond the latest 7 excluded from latest in their definition
          3. versions beyond the latest 7 in a definition named with "Rawhide"
          4. upload blobs last modified more than 7d 0h 0m ago

        Gallery image versions to delete: 5
          DEFINITION                VERSION        REASONS
          Fedora-Cloud-40-x64       40.20240423.0  end of life 2025-05-13T00:00:00Z passed
          Fedora-Cloud-41-x64       41.20241001.1  beyond the latest 7 excluded from latest
          Fedora-Cloud-41-x64       41.20241001.2  beyond the latest 7 excluded from latest
          Fedora-Cloud-Rawhide-x64  42.20241101.1  beyond the latest 7 in Rawhide
          Fedora-Cloud-Rawhide-x64  42.20241101.2  beyond the latest 7 in Rawhide

        Upload blobs to delete: 2
          BLOB                                          LAST MODIFIED         AGE
          Fedora-Cloud-41-20241001.0.x86_64.vhd         2026-11-30T11:59:00Z  7d 0h 1m
          Fedora-Cloud-Rawhide-20241101.n.0.x86_64.vhd  2026-11-01T09:00:00Z  36d 3h 0m

        Warnings: 1
          Fedora-Cloud-41-x64 manual-test: not Major.Minor.Patch, so no count rule removes it
        """;
    assertThat(RetentionPolicy.plan(versions, blobs, NOW, POLICY).format()).isEqualTo(expected);
    Random seeded = new Random(20261207);
    for (int shuffle = 0; shuffle < 5; shuffle++) {
      Collections.shuffle(versions, seeded);
      Collections.shuffle(blobs, seeded);
      assertThat(RetentionPolicy.plan(versions, blobs, NOW, POLICY).format()).isEqualTo(expected);
    }
  }

  @Test
  void aPlanThatDeletesNothingSaysSo() {
    assertThat(RetentionPolicy.plan(List.of(), List.of(), NOW, POLICY).format()).contains(
        "Gallery image versions to delete: 0\n\nUpload blobs to delete: 0\n\nWarnings: 0\n");
  }

  private static RetentionPlan plan(List<GalleryVersion> versions) {
    return RetentionPolicy.plan(versions, List.of(), NOW, POLICY);
  }

  /** Versions of a definition numbered like Fedora's composes, patch {@code first} to {@code last}. */
  private static List<GalleryVersion> versions(String definition, int first, int last, boolean excludeFromLatest) {
    String release = definition.equals(RAWHIDE) ? "42.20241101." : "41.20241001.";
    return IntStream.rangeClosed(first, last).mapToObj(patch -> version(definition, release + patch, excludeFromLatest)).toList();
  }

  private static GalleryVersion version(String definition, String name, boolean excludeFromLatest) {
    return new GalleryVersion(definition, name, excludeFromLatest, Optional.empty());
  }

  private static GalleryVersion ending(String definition, String name, Instant endOfLife) {
    return new GalleryVersion(definition, name, true, Optional.of(endOfLife));
  }

  private static List<String> deleted(RetentionPlan plan) {
    return plan.versions().stream().map(deletion -> deletion.version().definition() + " " + deletion.version().name()).toList();
  }
}
