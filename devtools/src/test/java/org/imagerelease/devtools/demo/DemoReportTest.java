package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.imagerelease.starter.bus.BusEvent;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.Test;

class DemoReportTest {
  private static final String PUBLIC_FILE = "/tmp/demo/mirror-primary/Fedora-42-20261124.n.0/Cloud/x86_64/images/x.raw.xz";

  @Test
  void aReleasedDemoSucceeds() {
    DemoReport report = report(ReleaseStage.RELEASED, GateOutcome.PASSED, false, List.of(PUBLIC_FILE), "");

    assertThat(report.succeeded()).isTrue();
    assertThat(report.failure()).isEmpty();
  }

  @Test
  void aFailedReleaseFailsTheDemoWithItsLastError() {
    DemoReport report =
        report(ReleaseStage.FAILED, null, false, List.of(), "mirror:x.raw.xz at mirror-primary: COMPOSE_NOT_FOUND: 404");

    assertThat(report.succeeded()).isFalse();
    assertThat(report.failure()).isEqualTo("the release ended FAILED, not RELEASED: mirror:x.raw.xz at mirror-primary: COMPOSE_NOT_FOUND: 404");
    assertThat(DemoSummary.render(report)).contains("DEMO FAILED: the release ended FAILED", "gate:  not reached");
  }

  @Test
  void withFailingTestsOnlyACleanCompensationSucceeds() {
    assertThat(report(ReleaseStage.COMPENSATED, GateOutcome.FAILED, true, List.of(), "tests failed").succeeded()).isTrue();

    DemoReport leftBehind = report(ReleaseStage.COMPENSATED, GateOutcome.FAILED, true, List.of(PUBLIC_FILE), "tests failed");
    assertThat(leftBehind.succeeded()).isFalse();
    assertThat(leftBehind.failure()).contains("left things behind: 1 public files");
    assertThat(DemoSummary.render(leftBehind)).contains("STILL HOLDS 1 public files");

    DemoReport released = report(ReleaseStage.RELEASED, GateOutcome.PASSED, true, List.of(PUBLIC_FILE), "");
    assertThat(released.succeeded()).isFalse();
    assertThat(released.failure()).isEqualTo("the release ended RELEASED, not COMPENSATED");
  }

  @Test
  void throughTheBusTheMessageAnnouncingTheEndMustHaveBeenSeenToo() {
    String prefix = "org.fedoraproject.demo-1a2b3c4d";
    BusEvent uploaded = new BusEvent(prefix + ".image_release.image.uploaded", "id-1", "x.raw.xz uploaded to mirror/mirror-primary");
    BusEvent completed = new BusEvent(prefix + ".image_release.release.completed", "id-2", "compose Fedora-42-20261124.n.0 RELEASED: 1 images at mirror-primary");
    DemoReport released = report(ReleaseStage.RELEASED, GateOutcome.PASSED, false, List.of(PUBLIC_FILE), "");

    DemoReport unseen = released.overTheBus("RabbitMQ 3.10.8 at 127.0.0.1:5672", prefix, List.of(uploaded));
    DemoReport seen = released.overTheBus("RabbitMQ 3.10.8 at 127.0.0.1:5672", prefix, List.of(uploaded, completed));

    assertThat(unseen.succeeded()).isFalse();
    assertThat(unseen.failure())
        .isEqualTo("the release ended RELEASED but no image_release.release.completed message was seen on the bus under " + prefix);
    assertThat(seen.succeeded()).isTrue();
    assertThat(DemoSummary.render(seen))
        .contains("bus:   RabbitMQ 3.10.8 at 127.0.0.1:5672")
        .contains("events seen on amq.topic under " + prefix + " (2):")
        .contains("    image_release.release.completed  compose Fedora-42-20261124.n.0 RELEASED")
        .contains("image-release demo --amqp --fail-tests");
    assertThat(DemoSummary.render(released)).doesNotContain("bus:").contains("image-release demo --amqp ");
  }

  @Test
  void withAzureAReleasedDemoNeedsAVersionInLatestAndShowsItsRegions() {
    DemoReport released = report(ReleaseStage.RELEASED, GateOutcome.PASSED, false, List.of(), "");

    DemoReport promoted = released.withAzure(azure(VERSION_DETAIL.replace("excludeFromLatest=true", "excludeFromLatest=false")));
    DemoReport excluded = released.withAzure(azure(VERSION_DETAIL));

    assertThat(promoted.succeeded()).isTrue();
    assertThat(DemoSummary.render(promoted))
        .contains("Azure (the local ARM endpoint at https://127.0.0.1:4443; Blob storage: Azurite 3.37.0 at http://127.0.0.1:10000):")
        .contains("image_version    Fedora/images/Fedora-Cloud-42-x64/versions/42.20261124.0  eastus")
        .contains("      excludeFromLatest=false; eastus Completed; westeurope Completed")
        .contains("left behind: nothing");
    assertThat(excluded.succeeded()).isFalse();
    assertThat(excluded.failure()).isEqualTo("the release ended RELEASED but no gallery version is in latest: 1 versions");
  }

  @Test
  void withAzureAndFailingTestsAVersionOrBlobLeftFailsTheDemo() {
    DemoReport compensated = report(ReleaseStage.COMPENSATED, GateOutcome.FAILED, true, List.of(), "tests failed");

    DemoReport clean = compensated.withAzure(new AzureInventoryReport("https://127.0.0.1:4443", "Azurite", List.of(GALLERY), List.of()));
    DemoReport leftBehind = compensated.withAzure(azure(VERSION_DETAIL));

    assertThat(clean.succeeded()).isTrue();
    assertThat(DemoSummary.render(clean)).contains("left behind: nothing; the version, its image definition and the upload blob were removed");
    assertThat(leftBehind.succeeded()).isFalse();
    assertThat(leftBehind.failure()).endsWith(", 2 Azure resources and blobs");
    assertThat(DemoSummary.render(leftBehind))
        .contains("LEFT BEHIND:\n      image_version Fedora/images/Fedora-Cloud-42-x64/versions/42.20261124.0\n      blob Fedora-42-20261124.n.0/x.vhd");
  }

  private static final String GALLERY_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fedora-cloud/providers/Microsoft.Compute/galleries/Fedora";
  private static final AzureInventoryReport.Resource GALLERY = new AzureInventoryReport.Resource("gallery", GALLERY_ID, "eastus", "Succeeded", "");
  private static final String VERSION_DETAIL = "excludeFromLatest=true; eastus Completed; westeurope Completed";

  /** The gallery with one version of this detail, and one upload blob. */
  private static AzureInventoryReport azure(String versionDetail) {
    return new AzureInventoryReport(
        "https://127.0.0.1:4443",
        "Azurite 3.37.0 at http://127.0.0.1:10000",
        List.of(GALLERY,
            new AzureInventoryReport.Resource("image_version", GALLERY_ID + "/images/Fedora-Cloud-42-x64/versions/42.20261124.0", "eastus", "Succeeded", versionDetail)),
        versionDetail.contains("excludeFromLatest=false") ? List.of() : List.of("Fedora-42-20261124.n.0/x.vhd"));
  }

  private static DemoReport report(
      ReleaseStage stage, GateOutcome gate, boolean failTests, List<String> published, String lastError) {
    ReleaseStatus status =
        new ReleaseStatus("Fedora-42-20261124.n.0", stage, List.of(), null, gate, List.of(), lastError, List.of(), null);
    return new DemoReport(
        "Fedora-42-20261124.n.0",
        stage,
        gate,
        failTests,
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        "/tmp/demo",
        true,
        "http://127.0.0.1:1234/",
        List.of(
            new DemoReport.MirrorRootInfo("mirror-primary", "/tmp/demo/mirror-primary", "file:///tmp/demo/mirror-primary/"),
            new DemoReport.MirrorRootInfo("mirror-replica", "/tmp/demo/mirror-replica", "file:///tmp/demo/mirror-replica/")),
        published,
        List.of(),
        List.of(),
        List.of(),
        status);
  }
}
