package org.imagerelease.workflows.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One realistic value of each payload type: the values the recorded payloads under
 * {@code payloads/<version>/} were written from, built with today's constructors.
 */
public final class PayloadSamples {
  public static final String COMPOSE_ID = "Fedora-Cloud-41-20241027.0";
  public static final String RELEASE_ID = "release-" + COMPOSE_ID;
  public static final String IMAGE = "Fedora-Cloud-Base-Generic-41-20241027.0.x86_64.raw.xz";
  static final String SHA256 = "780c24d2bb27e688def583cb82a41ed0085fa03cdbe47792cf3f7d0ae95a921e";
  static final String AUTOCLOUD = "compose.cloud_autocloud";
  static final String AWS_TESTCASE = "compose.cloud_aws";
  static final String PUBLIC_PATH = "fedora/41/Cloud/x86_64/images/" + IMAGE;
  static final String PUBLIC_URL = "https://mirror.example.org/pub/" + PUBLIC_PATH;

  public static final ComposeRef COMPOSE =
      new ComposeRef(COMPOSE_ID, "https://kojipkgs.fedoraproject.org/compose/cloud/" + COMPOSE_ID + "/compose");
  public static final ImageArtifact ARTIFACT =
      new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz", "Cloud/x86_64/images/" + IMAGE, 571392436L, SHA256);
  public static final ImageAtLocation PRIMARY = new ImageAtLocation(RELEASE_ID, COMPOSE_ID, "mirror", "local", ARTIFACT);
  static final ImageAtLocation REPLICA = new ImageAtLocation(RELEASE_ID, COMPOSE_ID, "mirror", "eu", ARTIFACT);
  public static final LocationImage UPLOADED =
      new LocationImage(
          PRIMARY,
          PUBLIC_PATH,
          PUBLIC_URL,
          Map.of(
              "root", "local",
              "sha256", SHA256,
              "size", "571392436",
              "stagedPath", "/srv/mirror/local/.staging/" + RELEASE_ID + "/" + IMAGE));
  public static final GateSettings GATE =
      new GateSettings(
          GatePolicy.TESTS_AND_APPROVAL,
          Duration.ofDays(3),
          List.of(AUTOCLOUD),
          Duration.ofMinutes(10),
          Map.of("aws", List.of(AUTOCLOUD, AWS_TESTCASE)));
  public static final ReleaseTimeouts TIMEOUTS =
      new ReleaseTimeouts(Duration.ofMinutes(2), Duration.ofHours(6), Duration.ofMinutes(10));
  public static final ReleaseRequest REQUEST = new ReleaseRequest(COMPOSE, GATE, TIMEOUTS, "fedora-messaging 2024-5b1e0c3a");
  public static final Decision DECISION = new Decision("alice", "openQA results reviewed");
  public static final TestResult PASSED =
      new TestResult(AUTOCLOUD, IMAGE, "PASSED", "https://openqa.fedoraproject.org/tests/3001234");
  public static final TestResult FAILED =
      new TestResult(AWS_TESTCASE, IMAGE, "FAILED", "https://openqa.fedoraproject.org/tests/3001235");
  public static final TestQuery QUERY =
      new TestQuery(
          COMPOSE_ID,
          List.of(AUTOCLOUD, AWS_TESTCASE),
          List.of(IMAGE),
          Duration.ofMinutes(10),
          Map.of(IMAGE, List.of(AUTOCLOUD, AWS_TESTCASE)));
  public static final PlannedImage PLANNED = new PlannedImage("mirror", ARTIFACT, "local", List.of("eu", "us"));
  public static final ReleasePlan PLAN =
      new ReleasePlan(
          COMPOSE, List.of(PLANNED, new PlannedImage("aws", ARTIFACT, "us-east-1", List.of("eu-west-1", "ap-southeast-2"))));
  public static final UploadRequest UPLOAD = new UploadRequest(COMPOSE, PRIMARY);
  public static final ReplicateRequest REPLICATE = new ReplicateRequest(UPLOADED, REPLICA);
  public static final CleanupRequest CLEANUP = new CleanupRequest(RELEASE_ID, COMPOSE_ID, "mirror", List.of("local", "eu", "us"));
  public static final ReleaseEvent EVENT =
      new ReleaseEvent(
          RELEASE_ID + "/uploaded/mirror/local/" + IMAGE,
          ReleaseEventKind.IMAGE_UPLOADED,
          COMPOSE_ID,
          List.of(UPLOADED),
          "uploaded to mirror/local, private until the gate opens");
  public static final LocationStatus PUBLISHED = new LocationStatus("local", LocationState.PUBLISHED, PUBLIC_PATH, PUBLIC_URL);
  static final LocationStatus REPLICATING = new LocationStatus("eu", LocationState.REPLICATING, "", "");
  public static final ImageStatus IMAGE_STATUS =
      new ImageStatus("mirror", IMAGE, "x86_64", List.of(PUBLISHED, REPLICATING), Map.of(AUTOCLOUD, "PASSED"));
  public static final Waiting WAITING = new Waiting("copies of 1 image to 1 location", Instant.parse("2024-10-27T08:15:30.250Z"));
  public static final ReleaseStatus STATUS = statusWith(IMAGE_STATUS, null);
  public static final TransferProgress PROGRESS = new TransferProgress("mirror", "local", IMAGE, 285696218L, 571392436L, 631L, 384L);

  // The same values with the fields added since the recording set, as this version writes them.

  public static final LocationImage UPLOADED_PENDING =
      UPLOADED.stillPending("snapshot snap-0a1b completing (40%)", Duration.ofSeconds(45));
  public static final LocationStatus PUBLISHED_WITH_DETAIL =
      new LocationStatus("local", LocationState.PUBLISHED, PUBLIC_PATH, PUBLIC_URL, "public since 2024-10-27T09:02:11Z");
  public static final ReleaseRequest REQUEST_WITH_REGION_POLICY =
      new ReleaseRequest(
          COMPOSE,
          GATE,
          TIMEOUTS,
          "fedora-messaging 2024-5b1e0c3a",
          new RegionFailurePolicy(RegionFailurePolicy.OnFailure.FAIL_RELEASE, Duration.ofMinutes(30)));
  public static final ImageStatus IMAGE_STATUS_WITH_DETAILS =
      new ImageStatus(
          "mirror",
          IMAGE,
          "x86_64",
          List.of(PUBLISHED_WITH_DETAIL, new LocationStatus("eu", LocationState.REPLICATING, "", "", "copy in flight (70%)")),
          Map.of(AUTOCLOUD, "PASSED"));
  public static final ReleaseStatus STATUS_WITH_DETAILS = statusWith(IMAGE_STATUS_WITH_DETAILS, Instant.parse("2024-10-27T07:40:00Z"));

  private PayloadSamples() {}

  private static ReleaseStatus statusWith(ImageStatus image, Instant stageSince) {
    return new ReleaseStatus(
        COMPOSE_ID,
        ReleaseStage.REPLICATING,
        List.of(image),
        WAITING,
        GateOutcome.APPROVED,
        List.of("2024-10-27T07:58:02Z approved by alice: openQA results reviewed"),
        "copying " + IMAGE + " to mirror/eu: connection reset",
        List.of("withdrawing " + IMAGE + " at mirror/us failed: permission denied"),
        stageSince);
  }
}
