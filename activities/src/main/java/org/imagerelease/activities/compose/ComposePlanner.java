package org.imagerelease.activities.compose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleasePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a release does: every image each enabled target selects, with the target's
 * locations. The plan is ordered by target (as configured), then variant, arch and path, so the
 * same compose and configuration always give the same plan. A compose nothing is selected from
 * gives an empty plan; what that means is the workflow's decision.
 *
 * <p>Every plan passes the planner's {@link PlanCheck}s before it is returned: the release's
 * RESOLVING step and {@code image-release plan} both plan here, so a compose {@code plan} shows as
 * fine is not refused by the release, and the other way round.
 */
public final class ComposePlanner {
  private static final Logger log = LoggerFactory.getLogger(ComposePlanner.class);
  private static final Comparator<ImageArtifact> PLAN_ORDER =
      Comparator.comparing(ImageArtifact::variant)
          .thenComparing(ImageArtifact::arch)
          .thenComparing(ImageArtifact::path);

  private final ComposeReader reader;
  private final List<PlanCheck> checks;

  /**
   * @param reader reads the compose's metadata
   * @param checks what every plan must satisfy before anything is uploaded
   */
  public ComposePlanner(ComposeReader reader, List<PlanCheck> checks) {
    this.reader = reader;
    this.checks = List.copyOf(checks);
  }

  /** A planner with no checks beyond the metadata's. */
  public ComposePlanner(ComposeReader reader) {
    this(reader, List.of());
  }

  /** Reads the compose's metadata and plans the release of it to the enabled targets. */
  public ReleasePlan plan(ComposeRef compose, List<TargetSettings> targets)
      throws IOException, InterruptedException {
    return plan(compose, reader.read(compose), targets);
  }

  /**
   * Plans the release of images already read.
   *
   * @throws ReleaseException {@code INVALID_COMPOSE_METADATA} when a target selects an image whose
   *     compression cannot be decoded; {@code CONFIGURATION} for two targets of one name; whatever
   *     a check refuses the plan with
   */
  public ReleasePlan plan(ComposeRef compose, ComposeImages images, List<TargetSettings> targets) {
    requireDistinctNames(targets);
    List<ImageArtifact> ordered = images.images().stream().sorted(PLAN_ORDER).toList();
    List<PlannedImage> planned = new ArrayList<>();
    Map<String, Integer> countByTarget = new LinkedHashMap<>();
    for (TargetSettings target : targets) {
      if (!target.enabled()) {
        continue;
      }
      int count = 0;
      for (ImageArtifact image : ordered) {
        if (target.selection().selects(image)) {
          if (target.decodesImages()) {
            requireDecodable(compose, target, image);
          }
          planned.add(
              new PlannedImage(
                  target.name(), image, target.primaryLocation(), target.replicaLocations()));
          count++;
        }
      }
      countByTarget.put(target.name(), count);
    }
    log.info(
        "Compose {}: planned {} of {} images, per target {}",
        compose.composeId(),
        planned.size(),
        images.images().size(),
        countByTarget);
    ReleasePlan plan = new ReleasePlan(compose, planned, possibleSiblings(images.images(), planned));
    checks.forEach(check -> check.check(plan));
    return plan;
  }

  /** The compose's images of a subvariant and arch some planned image has: only those can be a gate rule's sibling. */
  private static List<ImageArtifact> possibleSiblings(List<ImageArtifact> images, List<PlannedImage> planned) {
    var kinds = new HashSet<String>();
    planned.forEach(p -> kinds.add(p.image().subvariant() + "\n" + p.image().arch()));
    return images.stream().filter(image -> kinds.contains(image.subvariant() + "\n" + image.arch())).sorted(PLAN_ORDER).toList();
  }

  private static void requireDecodable(
      ComposeRef compose, TargetSettings target, ImageArtifact image) {
    if (Compression.ofFormat(image.format()).isEmpty()) {
      throw new ReleaseException(
          ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
          "Invalid compose metadata of compose "
              + compose.composeId()
              + ": image "
              + ImagesMetadataParser.quoted(image.path())
              + " (variant "
              + image.variant()
              + ", arch "
              + image.arch()
              + "): field 'format' is "
              + ImagesMetadataParser.quoted(image.format())
              + ", a compression this release cannot decode, and target "
              + target.name()
              + " selects the image");
    }
  }

  private static void requireDistinctNames(List<TargetSettings> targets) {
    var names = new HashSet<String>();
    for (TargetSettings target : targets) {
      if (!names.add(target.name())) {
        throw new ReleaseException(
            ReleaseFailureTypes.CONFIGURATION, "Target " + target.name() + " is configured twice");
      }
    }
  }
}
