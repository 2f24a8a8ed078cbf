package org.imagerelease.activities.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTargetTest {
  private static final String COMPOSE_ID = "Fedora-41-20241027.0";
  private static final String RELEASE_ID = "release-" + COMPOSE_ID;
  private static final int BLOCK = FileImageTransfer.BLOCK_SIZE;
  private static final String IMAGES = "Cloud/x86_64/images/";
  private static final String EC2 = IMAGES + "Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz";
  private static final String AZURE = IMAGES + "Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed.xz";
  private static final String EC2_ARM =
      "Cloud/aarch64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz";

  @TempDir Path temp;
  private Path compose;
  private Path primaryRoot;
  private Path backupRoot;
  private final FileImageTransfer transfer = new FileImageTransfer();
  private MirrorTarget mirror;

  @BeforeEach
  void setUp() {
    compose = temp.resolve("compose");
    primaryRoot = temp.resolve("mirror-primary");
    backupRoot = temp.resolve("mirror-backup");
    var settings =
        new MirrorSettings(
            List.of(
                new MirrorRoot("primary", primaryRoot, "https://dl.example.org/pub/cloud"),
                new MirrorRoot("backup", backupRoot, "https://backup.example.org/cloud/")));
    mirror = new MirrorTarget(settings, transfer);
  }

  @Test
  void releaseLeavesExactlyTheImagesAndTheirChecksumsInEveryPublicTree() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    ImageArtifact azure = composeImage(AZURE, 2);
    ImageArtifact ec2Arm = composeImage(EC2_ARM, 3);

    for (ImageArtifact image : List.of(ec2, azure, ec2Arm)) {
      LocationImage uploaded =
          mirror.upload(at("primary", image), source(image), new RecordingHeartbeat());
      LocationImage copy =
          mirror.replicate(uploaded, at("backup", image), new RecordingHeartbeat());
      mirror.publish(uploaded);
      mirror.publish(copy);
    }
    mirror.cleanUp(
        new CleanupRequest(RELEASE_ID, COMPOSE_ID, "mirror", List.of("primary", "backup")));

    for (Path root : List.of(primaryRoot, backupRoot)) {
      assertThat(publicFiles(root))
          .containsExactly(
              COMPOSE_ID + "/Cloud/aarch64/images/CHECKSUM",
              COMPOSE_ID + "/" + EC2_ARM,
              COMPOSE_ID + "/Cloud/x86_64/images/CHECKSUM",
              COMPOSE_ID + "/" + EC2,
              COMPOSE_ID + "/" + AZURE);
      assertThat(Files.readString(root.resolve(COMPOSE_ID).resolve(IMAGES).resolve("CHECKSUM")))
          .isEqualTo(checksumLines(ec2) + checksumLines(azure));
      assertThat(Files.readString(root.resolve(COMPOSE_ID + "/Cloud/aarch64/images/CHECKSUM")))
          .isEqualTo(checksumLines(ec2Arm));
      for (ImageArtifact image : List.of(ec2, azure, ec2Arm)) {
        assertThat(root.resolve(COMPOSE_ID).resolve(image.path()))
            .hasSameBinaryContentAs(compose.resolve(image.path()));
      }
      assertThat(stagingFiles(root)).containsExactly(".lock");
    }
  }

  @Test
  void uploadStagesTheFileVerbatimAndDescribesWhereItWillBePublic() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);

    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());

    Path staged =
        primaryRoot.resolve(".staging").resolve(RELEASE_ID).resolve(COMPOSE_ID).resolve(EC2);
    assertThat(staged).hasSameBinaryContentAs(compose.resolve(EC2));
    assertThat(staged.resolveSibling("CHECKSUM")).hasContent(checksumLines(ec2).strip());
    assertThat(publicFiles(primaryRoot)).isEmpty();
    assertThat(uploaded.resourceId()).isEqualTo(COMPOSE_ID + "/" + EC2);
    assertThat(uploaded.url())
        .isEqualTo("https://dl.example.org/pub/cloud/" + COMPOSE_ID + "/" + EC2);
    assertThat(uploaded.attributes())
        .containsEntry("stagedPath", staged.toString())
        .containsEntry("sha256", ec2.sha256())
        .containsEntry("size", Long.toString(ec2.size()))
        .containsEntry("root", "primary");
    assertThat(transfer.requests)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.compression()).isEqualTo(Compression.NONE);
              assertThat(request.expectedSha256()).isEqualTo(ec2.sha256());
              assertThat(request.expectedSize()).isEqualTo(ec2.size());
              assertThat(request.resumeFrom()).isNull();
            });
  }

  @Test
  void uploadKeepsTrailingZeroBlocksThatWereNeverWritten() throws Exception {
    byte[] content = new byte[3 * BLOCK + 17];
    new Random(7).nextBytes(content);
    java.util.Arrays.fill(content, BLOCK, content.length, (byte) 0);
    ImageArtifact image = composeImage(EC2, content);

    mirror.upload(at("primary", image), source(image), new RecordingHeartbeat());

    assertThat(transfer.acceptedBlocks).containsExactly(0L);
    assertThat(stagedFile("primary", image)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void retriedUploadAdoptsTheStagedFileWithoutTransferringAgain() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage first = mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());

    LocationImage again = mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());

    assertThat(transfer.requests).hasSize(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void uploadReplacesAStagedFileThatDoesNotMatchTheMetadata() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    Files.write(stagedFile("primary", ec2), new byte[] {1, 2, 3});

    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());

    assertThat(transfer.requests).hasSize(2);
    assertThat(stagedFile("primary", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void retriedUploadResumesFromTheLastCheckpointAndSendsOnlyTheRemainingBlocks() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    var firstAttempt = new RecordingHeartbeat();
    transfer.failAfterBlocks(3);
    assertThatThrownBy(() -> mirror.upload(at("primary", ec2), source(ec2), firstAttempt))
        .isInstanceOf(IOException.class);
    var checkpoint = (TransferCheckpoint) firstAttempt.lastBeat();
    transfer.acceptedBlocks.clear();

    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat(checkpoint));

    assertThat(transfer.requests.get(1).resumeFrom()).isEqualTo(checkpoint);
    assertThat(transfer.continued.get(1)).as("went on in the part file the checkpoint names").isTrue();
    assertThat(transfer.acceptedBlocks).doesNotContain(0L, 2L).contains(3L, 5L);
    assertThat(stagedFile("primary", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void resumedUploadWhosePartFileChangedMeanwhileIsNeverStaged() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    var firstAttempt = new RecordingHeartbeat();
    transfer.failAfterBlocks(3);
    assertThatThrownBy(() -> mirror.upload(at("primary", ec2), source(ec2), firstAttempt))
        .isInstanceOf(IOException.class);
    Path part = partFile(ec2);
    try (var file = new java.io.RandomAccessFile(part.toFile(), "rw")) {
      file.write(new byte[] {1, 2, 3});
    }

    assertThatThrownBy(
            () ->
                mirror.upload(
                    at("primary", ec2),
                    source(ec2),
                    new RecordingHeartbeat(firstAttempt.lastBeat())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not match");
    assertThat(stagedFile("primary", ec2)).doesNotExist();
    assertThat(part).doesNotExist();

    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat(firstAttempt.lastBeat()));
    assertThat(transfer.continued.get(2)).as("the part file named by the checkpoint is gone: started over").isFalse();
    assertThat(stagedFile("primary", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void checkpointWithoutItsPartFileStartsTheTransferOver() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    var firstAttempt = new RecordingHeartbeat();
    transfer.failAfterBlocks(3);
    assertThatThrownBy(() -> mirror.upload(at("primary", ec2), source(ec2), firstAttempt))
        .isInstanceOf(IOException.class);
    Files.delete(partFile(ec2));

    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat(firstAttempt.lastBeat()));

    assertThat(transfer.requests.get(1).resumeFrom()).as("the checkpoint is offered").isNotNull();
    assertThat(transfer.continued.get(1)).as("the sink, without its part file, starts over").isFalse();
    assertThat(transfer.acceptedBlocks).as("every data block sent again").contains(0L, 2L);
    assertThat(stagedFile("primary", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void freshAttemptDoesNotKeepDataAnEarlierAttemptLeftInThePartFile() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    Path part = MirrorLayout.partFileOf(stagedFile("primary", ec2), "0badc0de");
    Files.createDirectories(part.getParent());
    byte[] garbage = new byte[6 * BLOCK];
    java.util.Arrays.fill(garbage, (byte) 0x55);
    Files.write(part, garbage);

    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());

    assertThat(stagedFile("primary", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void heartbeatsEveryCheckpoint() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    var heartbeat = new RecordingHeartbeat();

    mirror.upload(at("primary", ec2), source(ec2), heartbeat);

    assertThat(heartbeat.beats)
        .hasSize(6)
        .allSatisfy(beat -> assertThat(beat).isInstanceOf(TransferCheckpoint.class));
  }

  @Test
  void halfWrittenImageIsNeverInThePublicTree() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    List<List<String>> seenWhileTransferring = new CopyOnWriteArrayList<>();
    transfer.whileTransferring(() -> seenWhileTransferring.add(publicFilesUnchecked(primaryRoot)));
    transfer.failAfterBlocks(2);

    assertThatThrownBy(
            () -> mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat()))
        .isInstanceOf(IOException.class);

    assertThat(seenWhileTransferring).singleElement().isEqualTo(List.of());
    assertThat(publicFiles(primaryRoot)).isEmpty();
    assertThat(stagingFiles(primaryRoot))
        .anyMatch(name -> name.matches(java.util.regex.Pattern.quote(RELEASE_ID + "/" + COMPOSE_ID + "/" + EC2) + "\\.[0-9a-f]{8}\\.part"))
        .doesNotContain(RELEASE_ID + "/" + COMPOSE_ID + "/" + EC2);
    assertThatThrownBy(() -> mirror.publish(locationImage("primary", ec2)))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.COMPOSE_NOT_FOUND))
        .hasMessageContaining("nothing is staged")
        .hasMessageContaining(COMPOSE_ID)
        .hasMessageContaining(EC2)
        .hasMessageContaining("mirror root primary");
    assertThat(publicFiles(primaryRoot)).isEmpty();
  }

  @Test
  void imageWithWrongChecksumIsNeverStaged() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    ImageArtifact lying = withSha256(ec2, "0".repeat(64));

    assertThatThrownBy(
            () -> mirror.upload(at("primary", lying), source(lying), new RecordingHeartbeat()))
        .isInstanceOf(ReleaseException.class);

    assertThat(stagedFile("primary", ec2)).doesNotExist();
    assertThat(publicFiles(primaryRoot)).isEmpty();
  }

  @Test
  void publishingTwiceChangesNothing() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    LocationImage published = mirror.publish(uploaded);
    Path publicFile = primaryRoot.resolve(COMPOSE_ID).resolve(EC2);
    Path checksum = publicFile.resolveSibling("CHECKSUM");
    FileTime checksumWritten = Files.getLastModifiedTime(checksum);
    List<String> before = publicFiles(primaryRoot);

    LocationImage again = mirror.publish(uploaded);

    assertThat(again).isEqualTo(published);
    assertThat(publicFiles(primaryRoot)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(checksum)).isEqualTo(checksumWritten);
    assertThat(checksum).hasContent(checksumLines(ec2).strip());
    assertThat(publicFile).hasSameBinaryContentAs(compose.resolve(EC2));
    assertThat(published.url())
        .isEqualTo("https://dl.example.org/pub/cloud/" + COMPOSE_ID + "/" + EC2);
    assertThat(published.attributes()).containsEntry("publicPath", publicFile.toString());
  }

  @Test
  void publishAfterACrashBetweenRenameAndChecksumRepairsTheChecksum() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    Path publicFile = primaryRoot.resolve(COMPOSE_ID).resolve(EC2);
    Files.createDirectories(publicFile.getParent());
    Files.move(stagedFile("primary", ec2), publicFile);

    mirror.publish(uploaded);

    assertThat(publicFile.resolveSibling("CHECKSUM")).hasContent(checksumLines(ec2).strip());
  }

  @Test
  void publishRefusesToReplaceADifferentPublicFile() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    Path publicFile = primaryRoot.resolve(COMPOSE_ID).resolve(EC2);
    Files.createDirectories(publicFile.getParent());
    Files.writeString(publicFile, "someone else's image");

    assertThatThrownBy(() -> mirror.publish(uploaded))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CHECKSUM_MISMATCH))
        .hasMessageContaining("already has a different file");
    assertThat(publicFile).hasContent("someone else's image");
  }

  @Test
  void unpublishMovesTheImageBackToStagingAndOutOfTheChecksum() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    ImageArtifact azure = composeImage(AZURE, 2);
    mirror.publish(mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat()));
    mirror.publish(mirror.upload(at("primary", azure), source(azure), new RecordingHeartbeat()));

    mirror.unpublish(at("primary", ec2));

    assertThat(publicFiles(primaryRoot))
        .containsExactly(COMPOSE_ID + "/" + IMAGES + "CHECKSUM", COMPOSE_ID + "/" + AZURE);
    assertThat(primaryRoot.resolve(COMPOSE_ID).resolve(IMAGES).resolve("CHECKSUM"))
        .hasContent(checksumLines(azure).strip());
    assertThat(stagedFile("primary", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
    assertThat(stagedFile("primary", ec2).resolveSibling("CHECKSUM"))
        .hasContent(checksumLines(ec2).strip());
  }

  @Test
  void unpublishingWhatIsNotPublicSucceeds() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);

    mirror.unpublish(at("primary", ec2));
    mirror.publish(mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat()));
    mirror.unpublish(at("primary", ec2));
    mirror.unpublish(at("primary", ec2));

    assertThat(publicFiles(primaryRoot)).isEmpty();
  }

  @Test
  void withdrawAfterUploadRemovesEverything() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());

    mirror.withdraw(at("primary", ec2));

    assertThat(publicFiles(primaryRoot)).isEmpty();
    assertThat(stagingFiles(primaryRoot)).containsExactly(".lock");
    assertThat(primaryRoot.resolve(".staging").resolve(RELEASE_ID)).doesNotExist();
  }

  @Test
  void withdrawAfterPublishRemovesEverythingAtThatLocationOnly() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    LocationImage copy = mirror.replicate(uploaded, at("backup", ec2), new RecordingHeartbeat());
    mirror.publish(uploaded);
    mirror.publish(copy);

    mirror.withdraw(at("primary", ec2));

    assertThat(publicFiles(primaryRoot)).isEmpty();
    assertThat(primaryRoot.resolve(COMPOSE_ID)).doesNotExist();
    assertThat(stagingFiles(primaryRoot)).containsExactly(".lock");
    assertThat(publicFiles(backupRoot)).contains(COMPOSE_ID + "/" + EC2);
  }

  @Test
  void withdrawKeepsSiblingImagesAndTheirChecksumLines() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    ImageArtifact azure = composeImage(AZURE, 2);
    mirror.publish(mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat()));
    mirror.publish(mirror.upload(at("primary", azure), source(azure), new RecordingHeartbeat()));

    mirror.withdraw(at("primary", ec2));

    assertThat(publicFiles(primaryRoot))
        .containsExactly(COMPOSE_ID + "/" + IMAGES + "CHECKSUM", COMPOSE_ID + "/" + AZURE);
    assertThat(primaryRoot.resolve(COMPOSE_ID).resolve(IMAGES).resolve("CHECKSUM"))
        .hasContent(checksumLines(azure).strip());
  }

  @Test
  void withdrawingWhatIsNotThereSucceeds() throws Exception {
    mirror.withdraw(at("primary", composeImage(EC2, 1)));

    assertThat(publicFiles(primaryRoot)).isEmpty();
  }

  @Test
  void withdrawRemovesAPartFileOfAnInterruptedUpload() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    transfer.failAfterBlocks(2);
    assertThatThrownBy(
            () -> mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat()))
        .isInstanceOf(IOException.class);

    mirror.withdraw(at("primary", ec2));

    assertThat(stagingFiles(primaryRoot)).containsExactly(".lock");
  }

  @Test
  void replicationAdoptsAVerifiedCopy() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    LocationImage first = mirror.replicate(uploaded, at("backup", ec2), new RecordingHeartbeat());
    var secondAttempt = new RecordingHeartbeat();

    LocationImage second = mirror.replicate(uploaded, at("backup", ec2), secondAttempt);

    assertThat(second).isEqualTo(first);
    assertThat(secondAttempt.beats).isEmpty();
    assertThat(stagedFile("backup", ec2)).hasSameBinaryContentAs(compose.resolve(EC2));
    assertThat(stagedFile("backup", ec2).resolveSibling("CHECKSUM"))
        .hasContent(checksumLines(ec2).strip());
    assertThat(first.url()).isEqualTo("https://backup.example.org/cloud/" + COMPOSE_ID + "/" + EC2);
  }

  @Test
  void replicationRefusesADamagedStagedSource() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    LocationImage uploaded =
        mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat());
    byte[] damaged = Files.readAllBytes(stagedFile("primary", ec2));
    damaged[10] ^= 1;
    Files.write(stagedFile("primary", ec2), damaged);

    assertThatThrownBy(
            () -> mirror.replicate(uploaded, at("backup", ec2), new RecordingHeartbeat()))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CHECKSUM_MISMATCH))
        .hasMessageContaining("mirror root backup")
        .hasMessageContaining(COMPOSE_ID);
    assertThat(stagingFiles(backupRoot))
        .noneMatch(name -> name.endsWith(".raw.xz") || name.endsWith(".part"));
  }

  @Test
  void concurrentUploadsOfSiblingImagesKeepEveryChecksumLine() throws Exception {
    List<ImageArtifact> siblings = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      siblings.add(
          composeImage(IMAGES + "Fedora-Cloud-Base-Variant" + i + "-41-1.4.x86_64.raw.xz", 10 + i));
    }
    String expected =
        siblings.stream()
            .sorted(Comparator.comparing(ImageArtifact::fileName))
            .map(this::checksumLines)
            .reduce("", String::concat);
    transfer.finishTogether(siblings.size());
    ExecutorService pool = Executors.newFixedThreadPool(siblings.size());
    try {
      List<Future<LocationImage>> uploads = new ArrayList<>();
      for (ImageArtifact image : siblings) {
        uploads.add(
            pool.submit(
                () ->
                    mirror.upload(at("primary", image), source(image), new RecordingHeartbeat())));
      }
      List<LocationImage> uploaded = new ArrayList<>();
      for (Future<LocationImage> upload : uploads) {
        uploaded.add(upload.get());
      }
      assertThat(stagedFile("primary", siblings.get(0)).resolveSibling("CHECKSUM"))
          .hasContent(expected.strip());

      List<Future<LocationImage>> publishes = new ArrayList<>();
      for (LocationImage image : uploaded) {
        publishes.add(pool.submit(() -> mirror.publish(image)));
      }
      for (Future<LocationImage> publish : publishes) {
        publish.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(primaryRoot.resolve(COMPOSE_ID).resolve(IMAGES).resolve("CHECKSUM"))
        .hasContent(expected.strip());
  }

  @Test
  void cleanUpRemovesOnlyTheReleasesStagingTree() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);
    ImageArtifact azure = composeImage(AZURE, 2);
    mirror.publish(mirror.upload(at("primary", ec2), source(ec2), new RecordingHeartbeat()));
    mirror.upload(at("primary", azure), source(azure), new RecordingHeartbeat());
    Path otherRelease =
        Files.createDirectories(primaryRoot.resolve(".staging/release-Fedora-42-20250101.0"));

    mirror.cleanUp(new CleanupRequest(RELEASE_ID, COMPOSE_ID, "mirror", List.of("primary")));
    mirror.cleanUp(new CleanupRequest(RELEASE_ID, COMPOSE_ID, "mirror", List.of("primary")));

    assertThat(primaryRoot.resolve(".staging").resolve(RELEASE_ID)).doesNotExist();
    assertThat(otherRelease).exists();
    assertThat(publicFiles(primaryRoot))
        .containsExactly(COMPOSE_ID + "/" + IMAGES + "CHECKSUM", COMPOSE_ID + "/" + EC2);
  }

  @Test
  void refusesImagePathsThatLeaveTheRoot() throws Exception {
    ImageArtifact escaping =
        new ImageArtifact(
            "Cloud",
            "x86_64",
            "Cloud_Base",
            "raw-xz",
            "raw.xz",
            "../../../outside.raw.xz",
            10,
            "0".repeat(64));

    assertThatThrownBy(
            () ->
                mirror.upload(
                    at("primary", escaping),
                    URI.create("file:///dev/null"),
                    new RecordingHeartbeat()))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e ->
                assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
        .hasMessageContaining("mirror root primary");
    assertThatThrownBy(() -> mirror.withdraw(at("primary", escaping)))
        .isInstanceOf(ReleaseException.class);
    assertThat(transfer.requests).isEmpty();
    assertThat(temp.resolve("outside.raw.xz")).doesNotExist();
  }

  /** Issue 12, item 9: it was an InvalidPathException, retried 30 times, in the withdraw step. */
  @Test
  void aLoneSurrogateInAPathIsATypedRefusalInEveryStepNotAFileSystemError() throws Exception {
    ImageArtifact lone =
        new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz", IMAGES + "Fedora\ud800.raw.xz", 10, "0".repeat(64));

    for (ThrowingCallable step :
        List.<ThrowingCallable>of(
            () -> mirror.withdraw(at("primary", lone)),
            () -> mirror.unpublish(at("primary", lone)),
            () -> mirror.upload(at("primary", lone), URI.create("file:///dev/null"), new RecordingHeartbeat()))) {
      assertThatThrownBy(step)
          .isInstanceOfSatisfying(
              ReleaseException.class,
              e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
          .hasMessageContaining("Image path '" + IMAGES + "Fedora\\ud800.raw.xz' of compose " + COMPOSE_ID)
          .hasMessageContaining("has \\ud800 at position");
    }
  }

  @Test
  void refusesComposeIdsThatAreNotAPlainDirectoryName() {
    ImageArtifact image =
        new ImageArtifact(
            "Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz", EC2, 10, "0".repeat(64));
    for (String composeId : List.of(".staging", "..", "a/b", ".hidden")) {
      var ref = new ImageAtLocation(RELEASE_ID, composeId, "mirror", "primary", image);

      assertThatThrownBy(() -> mirror.publish(new LocationImage(ref, "x", "", java.util.Map.of())))
          .isInstanceOf(ReleaseException.class)
          .hasMessageContaining("mirror root primary");
    }
  }

  @Test
  void refusesUnknownRoot() throws Exception {
    ImageArtifact ec2 = composeImage(EC2, 1);

    assertThatThrownBy(
            () -> mirror.upload(at("elsewhere", ec2), source(ec2), new RecordingHeartbeat()))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("elsewhere")
        .hasMessageContaining("[primary, backup]");
  }

  // --- fixtures -------------------------------------------------------------------------------

  /** Writes a compose image of six blocks, the second and fifth all zeros, the last partial. */
  private ImageArtifact composeImage(String path, long seed) throws IOException {
    byte[] content = new byte[5 * BLOCK + 1000];
    new Random(seed).nextBytes(content);
    java.util.Arrays.fill(content, BLOCK, 2 * BLOCK, (byte) 0);
    java.util.Arrays.fill(content, 4 * BLOCK, 5 * BLOCK, (byte) 0);
    return composeImage(path, content);
  }

  private ImageArtifact composeImage(String path, byte[] content) throws IOException {
    Path file = compose.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    String sha256 = FileFingerprint.of(file).sha256();
    String arch = path.contains("aarch64") ? "aarch64" : "x86_64";
    return new ImageArtifact(
        "Cloud", arch, "Cloud_Base", "raw-xz", "raw.xz", path, content.length, sha256);
  }

  private static ImageArtifact withSha256(ImageArtifact image, String sha256) {
    return new ImageArtifact(
        image.variant(),
        image.arch(),
        image.subvariant(),
        image.type(),
        image.format(),
        image.path(),
        image.size(),
        sha256);
  }

  private static ImageAtLocation at(String location, ImageArtifact image) {
    return new ImageAtLocation(RELEASE_ID, COMPOSE_ID, "mirror", location, image);
  }

  private LocationImage locationImage(String location, ImageArtifact image) {
    return new LocationImage(
        at(location, image), COMPOSE_ID + "/" + image.path(), "", java.util.Map.of());
  }

  private URI source(ImageArtifact image) {
    return compose.resolve(image.path()).toUri();
  }

  /** The one part file an upload of the image at the primary root left. */
  private Path partFile(ImageArtifact image) throws IOException {
    List<Path> parts = MirrorLayout.partFilesOf(stagedFile("primary", image));
    assertThat(parts).as("part files of " + image.fileName()).hasSize(1);
    return parts.get(0);
  }

  private Path stagedFile(String location, ImageArtifact image) {
    Path root = location.equals("primary") ? primaryRoot : backupRoot;
    return root.resolve(".staging").resolve(RELEASE_ID).resolve(COMPOSE_ID).resolve(image.path());
  }

  private String checksumLines(ImageArtifact image) {
    return "# "
        + image.fileName()
        + ": "
        + image.size()
        + " bytes\n"
        + "SHA256 ("
        + image.fileName()
        + ") = "
        + image.sha256()
        + "\n";
  }

  /** Every file of the public tree, relative to the root, sorted. */
  private static List<String> publicFiles(Path root) throws IOException {
    return filesUnder(root).stream().filter(name -> !name.startsWith(".staging/")).toList();
  }

  private static List<String> publicFilesUnchecked(Path root) {
    try {
      return publicFiles(root);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every file of the staging area, relative to it, sorted. */
  private static List<String> stagingFiles(Path root) throws IOException {
    return filesUnder(root.resolve(".staging"));
  }

  private static List<String> filesUnder(Path top) throws IOException {
    if (!Files.exists(top)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(top)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> top.relativize(file).toString())
          .sorted()
          .toList();
    }
  }
}
