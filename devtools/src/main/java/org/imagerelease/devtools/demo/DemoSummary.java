package org.imagerelease.devtools.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imagerelease.activities.aws.AwsTarget;
import org.imagerelease.activities.azure.AzureTarget;
import org.imagerelease.activities.mirror.MirrorTarget;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;

/** The end of {@code image-release demo} as a person reads it: what happened, where things are, what to try next. */
public final class DemoSummary {
  private DemoSummary() {}

  public static String render(DemoReport report) {
    StringBuilder out = new StringBuilder("\n");
    out.append("Demo release of ").append(report.composeId()).append(": ").append(report.stage())
        .append(" in ").append(seconds(report.releaseTime()))
        .append(" (compose generated in ").append(seconds(report.generationTime())).append(")\n");
    out.append("  gate:  ").append(report.gateOutcome() == null ? "not reached" : report.gateOutcome() + gateReason(report)).append('\n');
    tests(report, out);
    if (report.throughTheBus()) {
      bus(report, out);
    }
    if (report.testsFailedOnPurpose()) {
      withdrawn(report, out);
    } else {
      published(report, out);
    }
    if (report.aws() != null) {
      aws(report, out);
    }
    if (report.azure() != null) {
      azure(report, out);
    }
    if (!report.stagedFiles().isEmpty()) {
      out.append("  LEFT IN STAGING (should be empty):\n");
      report.stagedFiles().forEach(f -> out.append("    ").append(f).append('\n'));
    }
    if (!report.status().leftovers().isEmpty()) {
      out.append("  LEFT BEHIND, a person must check:\n");
      report.status().leftovers().forEach(l -> out.append("    ").append(l).append('\n'));
    }
    if (!report.succeeded()) {
      out.append("\n  DEMO FAILED: ").append(report.failure()).append('\n');
    }
    out.append("\n  work directory: ").append(report.workDirectory())
        .append(report.workDirectoryKept()
            ? " (kept: compose/, " + DemoConfiguration.PRIMARY_ROOT + "/, " + DemoConfiguration.REPLICA_ROOT + "/, test-reports/)"
            : " (removed; use --keep DIR to look at the compose, mirror trees and test reports)")
        .append('\n');
    nextSteps(report, out);
    return out.toString();
  }

  private static void tests(DemoReport report, StringBuilder out) {
    out.append("  tests: ").append(DemoConfiguration.TESTCASE).append(" by the local test runner")
        .append(report.testsFailedOnPurpose() ? ", told to report FAILED for every image (--fail-tests)" : "")
        .append(report.throughTheBus() ? ", sent as " + DemoMessages.RESULT_NEW + " messages" : "")
        .append('\n');
    int width = report.tests().stream().mapToInt(t -> t.imageName().length()).max().orElse(0);
    for (ImageTestReport test : report.tests()) {
      out.append(String.format(Locale.ROOT, "    %-6s  %-" + width + "s  ", test.outcome(), test.imageName()));
      List<ImageCheck> failed = test.checks().stream().filter(c -> !c.passed()).toList();
      if (failed.isEmpty()) {
        out.append(test.checks().stream().map(ImageCheck::name).collect(Collectors.joining(", "))).append(": ok")
            .append(test.outcome().equals("PASSED") ? "" : ", reported FAILED on purpose");
      } else {
        out.append(failed.get(0).name()).append(": ").append(failed.get(0).detail());
      }
      out.append('\n');
    }
  }

  /** What the local AWS endpoint holds: the public AMIs and parameters, or nothing after a compensated release. */
  private static void aws(DemoReport report, StringBuilder out) {
    AwsInventoryReport aws = report.aws();
    out.append("  AWS (the local endpoint at ").append(aws.endpoint()).append("; try aws --endpoint-url ").append(aws.endpoint())
        .append(" ec2 describe-images --owners self --region us-east-1):\n");
    if (report.testsFailedOnPurpose()) {
      out.append(aws.leftBehind().isEmpty() ? "    nothing left: every snapshot, AMI and instance was removed\n" : "    LEFT BEHIND:\n");
    }
    List<AwsInventoryReport.Resource> shown = report.testsFailedOnPurpose() ? aws.leftBehind() : aws.resources();
    for (AwsInventoryReport.Resource resource : shown) {
      out.append(String.format(Locale.ROOT, "    %-10s %-9s %-24s %-22s %s%n", resource.region(), resource.kind(), resource.id(), resource.state(), resource.detail()));
    }
  }

  /**
   * What the demo's gallery holds, each version with excludeFromLatest and its regions, and what
   * the release left behind: nothing, once it ended either way.
   */
  private static void azure(DemoReport report, StringBuilder out) {
    AzureInventoryReport azure = report.azure();
    out.append("  Azure (the local ARM endpoint at ").append(azure.armEndpoint()).append("; Blob storage: ").append(azure.blobStorage()).append("):\n");
    int width = azure.resources().stream().mapToInt(r -> r.name().length()).max().orElse(0);
    for (AzureInventoryReport.Resource resource : azure.resources()) {
      out.append(String.format(Locale.ROOT, "    %-16s %-" + width + "s  %-10s %s%n", resource.kind(), resource.name(), resource.location(), resource.state()));
      if (!resource.detail().isEmpty()) {
        out.append("      ").append(resource.detail()).append('\n');
      }
    }
    List<String> leftBehind = report.testsFailedOnPurpose() ? azure.leftBehind() : azure.blobs().stream().map(blob -> "blob " + blob).toList();
    if (leftBehind.isEmpty()) {
      out.append(report.testsFailedOnPurpose()
          ? "    left behind: nothing; the version, its image definition and the upload blob were removed\n"
          : "    left behind: nothing; the upload blob was deleted once the version held the image\n");
    } else {
      out.append("    LEFT BEHIND:\n");
      leftBehind.forEach(item -> out.append("      ").append(item).append('\n'));
    }
  }

  /** Which broker carried what, and every release event seen on it, its topic without the demo's prefix. */
  private static void bus(DemoReport report, StringBuilder out) {
    String prefix = report.topicPrefix() + ".";
    out.append("  bus:   ").append(report.broker()).append('\n');
    out.append("         compose announced on ").append(prefix).append(DemoMessages.COMPOSE_STATUS)
        .append("; the bus consumer started the release and signalled each ").append(DemoMessages.RESULT_NEW).append('\n');
    out.append("  events seen on ").append(DemoBus.EXCHANGE).append(" under ").append(report.topicPrefix())
        .append(" (").append(report.busEvents().size()).append("):\n");
    if (report.busEvents().isEmpty()) {
      out.append("    none\n");
    }
    List<String> topics = report.busEvents().stream().map(e -> e.topic().startsWith(prefix) ? e.topic().substring(prefix.length()) : e.topic()).toList();
    int width = topics.stream().mapToInt(String::length).max().orElse(0);
    for (int i = 0; i < topics.size(); i++) {
      out.append(String.format(Locale.ROOT, "    %-" + width + "s  %s%n", topics.get(i), report.busEvents().get(i).summary()));
    }
  }

  private static void published(DemoReport report, StringBuilder out) {
    List<ImageStatus> mirrored = report.status().images().stream().filter(i -> i.target().equals(MirrorTarget.NAME)).toList();
    if (!mirrored.isEmpty()) {
      out.append("  published (public file per mirror root):\n");
      for (ImageStatus image : mirrored) {
        out.append("    ").append(image.imageName()).append('\n');
        for (LocationStatus location : image.locations()) {
          out.append("      ").append(String.format(Locale.ROOT, "%-15s", location.location()));
          if (location.state() == LocationState.PUBLISHED) {
            out.append(rootDirectory(report, location.location()).resolve(location.resourceId()));
          } else {
            out.append(location.state());
          }
          out.append('\n');
        }
      }
      out.append("  CHECKSUM files:\n");
      report.checksumFiles().forEach(f -> out.append("    ").append(f).append('\n'));
    }
    List<ImageStatus> amis = report.status().images().stream().filter(i -> i.target().equals(AwsTarget.NAME)).toList();
    if (!amis.isEmpty()) {
      out.append("  published (public AMI per region):\n");
      for (ImageStatus image : amis) {
        out.append("    ").append(image.imageName()).append('\n');
        for (LocationStatus location : image.locations()) {
          out.append("      ").append(String.format(Locale.ROOT, "%-15s", location.location()))
              .append(location.state() == LocationState.PUBLISHED ? location.resourceId() : location.state().name()).append('\n');
        }
      }
    }
    publishedInTheGallery(report, out);
  }

  private static void publishedInTheGallery(DemoReport report, StringBuilder out) {
    List<ImageStatus> versions = report.status().images().stream().filter(i -> i.target().equals(AzureTarget.NAME)).toList();
    if (!versions.isEmpty()) {
      out.append("  published (gallery version, replicated per region):\n");
      for (ImageStatus image : versions) {
        out.append("    ").append(image.imageName()).append('\n');
        for (LocationStatus location : image.locations()) {
          out.append("      ").append(String.format(Locale.ROOT, "%-15s", location.location()))
              .append(location.state() == LocationState.PUBLISHED ? galleryName(location.resourceId()) : location.state().name()).append('\n');
        }
      }
    }
  }

  /** A gallery resource id from the gallery on. */
  private static String galleryName(String resourceId) {
    return new AzureInventoryReport.Resource("", resourceId, "", "", "").name();
  }

  private static void withdrawn(DemoReport report, StringBuilder out) {
    out.append("  withdrawn: every uploaded or copied image was removed again\n");
    boolean mirrorHoldsNothing = report.publishedFiles().isEmpty() && report.checksumFiles().isEmpty() && report.stagedFiles().isEmpty();
    if (mirrorHoldsNothing && report.status().images().stream().noneMatch(i -> i.target().equals(MirrorTarget.NAME))) {
      // A demo without the mirror target (--target aws or azure) has nothing to say of its roots.
      return;
    }
    for (DemoReport.MirrorRootInfo root : report.mirrorRoots()) {
      long left = countUnder(root, report.publishedFiles()) + countUnder(root, report.checksumFiles());
      long staged = countUnder(root, report.stagedFiles());
      out.append("    ").append(String.format(Locale.ROOT, "%-15s", root.name())).append(root.directory())
          .append(left == 0 ? "  public tree empty" : "  STILL HOLDS " + left + " public files")
          .append(staged == 0 ? ", nothing staged" : ", " + staged + " files staged").append('\n');
    }
  }

  /** The gate's explanation from the release's decisions, e.g. {@code  (all required tests passed)}. */
  private static String gateReason(DemoReport report) {
    String marker = "gate " + report.gateOutcome() + ": ";
    return report.status().decisions().stream()
        .filter(d -> d.contains(marker))
        .map(d -> " (" + d.substring(d.indexOf(marker) + marker.length()) + ")")
        .findFirst()
        .orElse("");
  }

  private static long countUnder(DemoReport.MirrorRootInfo root, List<String> files) {
    return files.stream().filter(f -> Path.of(f).startsWith(root.directory())).count();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static Path rootDirectory(DemoReport report, String location) {
    return report.mirrorRoots().stream()
        .filter(root -> root.name().equals(location))
        .map(root -> Path.of(root.directory()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no mirror root " + location));
  }

  /** Commands worth trying next; with a kept work directory they name its compose and id. */
  private static void nextSteps(DemoReport report, StringBuilder out) {
    String compose = report.workDirectoryKept() ? Path.of(report.workDirectory(), "compose").toString() : "DIR|URL";
    String composeId = report.workDirectoryKept() ? report.composeId() : "COMPOSE_ID";
    String demo = report.throughTheBus() ? "image-release demo --amqp" : "image-release demo";
    out.append("\nTry next:\n");
    if (report.testsFailedOnPurpose()) {
      step(out, demo, "the same release with passing tests");
    } else {
      step(out, demo + " --fail-tests", "the tests fail: the gate closes and every image is withdrawn");
    }
    if (!report.throughTheBus()) {
      step(out, "image-release demo --amqp", "the same through a message bus (the local RabbitMQ, else an embedded broker)");
    }
    if (!report.workDirectoryKept()) {
      step(out, demo + " --keep ./demo", "keep the compose, mirror trees and test reports to look at");
    }
    step(out, demo + " --json", "the same, as JSON for scripts");
    step(out, "image-release plan --compose " + compose, "what a compose would release where (no server needed)");
    step(out, "image-release dev", "a Temporal server and worker that stay up on 127.0.0.1:7233"
        + (report.throughTheBus() ? ", with the bus consumer when RabbitMQ answers" : "") + ";");
    step(out, "", "start, status, watch, list, approve and cancel talk to it:");
    out.append("    image-release start --compose ").append(compose).append('\n');
    out.append("    image-release watch ").append(composeId).append('\n');
    out.append("    image-release status ").append(composeId).append('\n');
    out.append("    image-release list\n");
    if (report.throughTheBus()) {
      step(out, "image-release publish-message --help", "announce a compose or a test result on the bus by hand, to dev's consumer");
      step(out, "image-release listen", "print the release events on the bus as they arrive");
    }
  }

  private static void step(StringBuilder out, String command, String what) {
    int width = 38;
    if (command.length() > width) {
      out.append("  ").append(command).append('\n');
      command = "";
    }
    out.append(String.format(Locale.ROOT, "  %-" + width + "s %s%n", command, what));
  }
}
