package org.imagerelease.activities.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who can write into a mirror tree can plant a symbolic link where a release writes, reads
 * or deletes. The mirror never follows one below a root: it refuses the step with a non-retryable
 * {@code UnsafeMirrorTree} failure naming the link, before it has changed anything.
 */
class MirrorTargetLinkTest {
  private static final String COMPOSE_ID = "Fedora-41-20241027.0";
  private static final String RELEASE_ID = "release-" + COMPOSE_ID;
  private static final String EC2 =
      "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz";

  @TempDir Path temp;
  private Path compose;
  private Path primaryRoot;
  private Path backupRoot;
  private Path outside;
  private final FileImageTransfer transfer = new FileImageTransfer();
  private MirrorTarget mirror;
  private ImageArtifact ec2;

  @BeforeEach
  void setUp() throws IOException {
    compose = temp.resolve("compose");
    primaryRoot = temp.resolve("mirror-primary");
    backupRoot = temp.resolve("mirror-backup");
    outside = Files.createDirectories(temp.resolve("outside"));
    mirror =
        new MirrorTarget(
            new MirrorSettings(
                List.of(
                    new MirrorRoot("primary", primaryRoot, "https://dl.example.org/pub/cloud"),
                    new MirrorRoot("backup", backupRoot, ""))),
            transfer);
    ec2 = composeImage(EC2);
  }

  @Test
  void publishRefusesAComposeDirectoryThatLinksOutOfTheRoot() throws Exception {
    LocationImage uploaded = mirror.upload(at("primary"), source(), new RecordingHeartbeat());
    Path link = plantLink(primaryRoot.resolve(COMPOSE_ID), outside);

    assertRefused(() -> mirror.publish(uploaded), link);

    assertThat(filesUnder(outside)).isEmpty();
    assertThat(stagedFile(primaryRoot)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  @Test
  void publishRefusesAnIntermediateDirectoryThatLinksOutOfTheRoot() throws Exception {
    LocationImage uploaded = mirror.upload(at("primary"), source(), new RecordingHeartbeat());
    Files.createDirectories(primaryRoot.resolve(COMPOSE_ID));
    Path link = plantLink(primaryRoot.resolve(COMPOSE_ID).resolve("Cloud"), outside);

    assertRefused(() -> mirror.publish(uploaded), link);

    assertThat(filesUnder(outside)).isEmpty();
    assertThat(stagedFile(primaryRoot)).exists();
  }

  @Test
  void publishRefusesAChecksumFileThatIsALink() throws Exception {
    LocationImage uploaded = mirror.upload(at("primary"), source(), new RecordingHeartbeat());
    Path victim = Files.writeString(outside.resolve("victim"), "not a CHECKSUM file\n");
    Path publicDirectory = primaryRoot.resolve(COMPOSE_ID).resolve(EC2).getParent();
    Files.createDirectories(publicDirectory);
    Path link = plantLink(publicDirectory.resolve("CHECKSUM"), victim);

    assertRefused(() -> mirror.publish(uploaded), link);

    assertThat(victim).hasContent("not a CHECKSUM file");
    assertThat(publicDirectory.resolve(ec2.fileName())).doesNotExist();
  }

  @Test
  void publishRefusesAStagedFileThatIsALink() throws Exception {
    Path victim = Files.copy(compose.resolve(EC2), outside.resolve("image"));
    Files.createDirectories(stagedFile(primaryRoot).getParent());
    Path link = plantLink(stagedFile(primaryRoot), victim);

    assertRefused(() -> mirror.publish(locationImage("primary")), link);

    assertThat(publicFiles(primaryRoot)).isEmpty();
  }

  @Test
  void uploadRefusesAStagingAreaThatLinksOutOfTheRootBeforeTransferring() throws Exception {
    Files.createDirectories(primaryRoot);
    Path link = plantLink(primaryRoot.resolve(".staging"), outside);

    assertRefused(() -> mirror.upload(at("primary"), source(), new RecordingHeartbeat()), link);

    assertThat(transfer.requests).isEmpty();
    assertThat(filesUnder(outside)).isEmpty();
  }

  @Test
  void uploadNeverAdoptsAStagedFileThatIsALink() throws Exception {
    Path victim = Files.copy(compose.resolve(EC2), outside.resolve("image"));
    Files.createDirectories(stagedFile(primaryRoot).getParent());
    Path link = plantLink(stagedFile(primaryRoot), victim);

    assertRefused(() -> mirror.upload(at("primary"), source(), new RecordingHeartbeat()), link);

    assertThat(transfer.requests).isEmpty();
  }

  @Test
  void resumedUploadNeverWritesThroughAPartFileReplacedByALink() throws Exception {
    var firstAttempt = new RecordingHeartbeat();
    transfer.failAfterBlocks(3);
    assertThatThrownBy(() -> mirror.upload(at("primary"), source(), firstAttempt))
        .isInstanceOf(IOException.class);
    List<Path> parts = MirrorLayout.partFilesOf(stagedFile(primaryRoot));
    assertThat(parts).hasSize(1);
    Path victim = Files.writeString(outside.resolve("victim"), "precious");
    Files.delete(parts.get(0));
    Path link = plantLink(parts.get(0), victim);
    var checkpoint = (TransferCheckpoint) firstAttempt.lastBeat();

    assertRefused(
        () -> mirror.upload(at("primary"), source(), new RecordingHeartbeat(checkpoint)), link);

    assertThat(victim).hasContent("precious");
    assertThat(stagedFile(primaryRoot)).doesNotExist();
  }

  @Test
  void replicationNeverWritesThroughAPlantedPartFile() throws Exception {
    LocationImage uploaded = mirror.upload(at("primary"), source(), new RecordingHeartbeat());
    Path victim = Files.writeString(outside.resolve("victim"), "precious");
    Path staged = stagedFile(backupRoot);
    Files.createDirectories(staged.getParent());
    Path link = plantLink(MirrorLayout.partFileOf(staged), victim);

    assertRefused(
        () -> mirror.replicate(uploaded, at("backup"), new RecordingHeartbeat()), link);

    assertThat(victim).hasContent("precious");
    assertThat(staged).doesNotExist();
    assertThat(stagingFiles(backupRoot)).doesNotContain(RELEASE_ID + "/" + COMPOSE_ID + "/" + EC2);
  }

  @Test
  void unpublishNeverMovesTheImageThroughALinkedStagingDirectory() throws Exception {
    mirror.publish(mirror.upload(at("primary"), source(), new RecordingHeartbeat()));
    Path releaseStaging = primaryRoot.resolve(".staging").resolve(RELEASE_ID);
    deleteTree(releaseStaging);
    Path link = plantLink(releaseStaging, outside);

    assertRefused(() -> mirror.unpublish(at("primary")), link);

    assertThat(filesUnder(outside)).isEmpty();
    assertThat(publicFiles(primaryRoot)).contains(COMPOSE_ID + "/" + EC2);
  }

  @Test
  void withdrawNeverDeletesThroughALinkOutOfTheRoot() throws Exception {
    mirror.publish(mirror.upload(at("primary"), source(), new RecordingHeartbeat()));
    Path elsewhere = Files.createDirectories(outside.resolve("x86_64/images"));
    Files.writeString(elsewhere.resolve(ec2.fileName()), "someone else's file");
    Files.writeString(elsewhere.resolve("CHECKSUM"), checksumLine());
    Path cloud = primaryRoot.resolve(COMPOSE_ID).resolve("Cloud");
    deleteTree(cloud);
    Path link = plantLink(cloud, outside);

    assertRefused(() -> mirror.withdraw(at("primary")), link);

    assertThat(elsewhere.resolve(ec2.fileName())).hasContent("someone else's file");
    assertThat(elsewhere.resolve("CHECKSUM")).hasContent(checksumLine().strip());
  }

  @Test
  void cleanUpNeverDeletesThroughALinkedStagingArea() throws Exception {
    Files.createDirectories(primaryRoot);
    Path elsewhere = Files.createDirectories(outside.resolve(RELEASE_ID));
    Files.writeString(elsewhere.resolve("keep"), "someone else's file");
    Path link = plantLink(primaryRoot.resolve(".staging"), outside);

    assertRefused(
        () ->
            mirror.cleanUp(
                new CleanupRequest(RELEASE_ID, COMPOSE_ID, "mirror", List.of("primary"))),
        link);

    assertThat(elsewhere.resolve("keep")).hasContent("someone else's file");
  }

  @Test
  void rootLockFileThatIsALinkIsNeverCreatedOutside() throws Exception {
    Files.createDirectories(primaryRoot.resolve(".staging"));
    Path link = plantLink(primaryRoot.resolve(".staging/.lock"), outside.resolve("lock"));

    assertRefused(() -> mirror.upload(at("primary"), source(), new RecordingHeartbeat()), link);

    assertThat(outside.resolve("lock")).doesNotExist();
  }

  @Test
  void aRootThatIsItselfALinkIsConfigurationAndWorks() throws Exception {
    Path disk = Files.createDirectories(temp.resolve("disk"));
    Path linkedRoot = Files.createSymbolicLink(temp.resolve("mirror-linked"), disk);
    var linked =
        new MirrorTarget(
            new MirrorSettings(List.of(new MirrorRoot("primary", linkedRoot, ""))), transfer);

    linked.publish(linked.upload(at("primary"), source(), new RecordingHeartbeat()));

    assertThat(disk.resolve(COMPOSE_ID).resolve(EC2)).hasSameBinaryContentAs(compose.resolve(EC2));
  }

  // --- fixtures -------------------------------------------------------------------------------

  /**
   * The step fails as an unsafe mirror tree, naming the link and the root, and the link itself
   * is left for a person to look at.
   */
  private static void assertRefused(ThrowingCallable step, Path link) {
    assertThatThrownBy(step)
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.UNSAFE_MIRROR_TREE))
        .hasMessageContaining(link.toString())
        .hasMessageContaining("symbolic link")
        .hasMessageContaining("mirror root");
    assertThat(link).isSymbolicLink();
  }

  private static Path plantLink(Path link, Path target) throws IOException {
    return Files.createSymbolicLink(link, target);
  }

  private ImageArtifact composeImage(String path) throws IOException {
    byte[] content = new byte[5 * FileImageTransfer.BLOCK_SIZE + 1000];
    new Random(1).nextBytes(content);
    Path file = compose.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return new ImageArtifact(
        "Cloud",
        "x86_64",
        "Cloud_Base",
        "raw-xz",
        "raw.xz",
        path,
        content.length,
        FileFingerprint.of(file).sha256());
  }

  private ImageAtLocation at(String location) {
    return new ImageAtLocation(RELEASE_ID, COMPOSE_ID, "mirror", location, ec2);
  }

  private LocationImage locationImage(String location) {
    return new LocationImage(at(location), COMPOSE_ID + "/" + EC2, "", java.util.Map.of());
  }

  private URI source() {
    return compose.resolve(EC2).toUri();
  }

  private static Path stagedFile(Path root) {
    return root.resolve(".staging").resolve(RELEASE_ID).resolve(COMPOSE_ID).resolve(EC2);
  }

  private String checksumLine() {
    return "SHA256 (" + ec2.fileName() + ") = " + ec2.sha256() + "\n";
  }

  private static List<String> publicFiles(Path root) throws IOException {
    return filesUnder(root).stream().filter(name -> !name.startsWith(".staging/")).toList();
  }

  private static List<String> stagingFiles(Path root) throws IOException {
    return filesUnder(root.resolve(".staging"));
  }

  /** Every regular file below the directory, not following links, relative to it and sorted. */
  private static List<String> filesUnder(Path top) throws IOException {
    if (!Files.isDirectory(top)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(top)) {
      return files
          .filter(file -> Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(file -> top.relativize(file).toString())
          .sorted()
          .toList();
    }
  }

  private static void deleteTree(Path top) throws IOException {
    try (Stream<Path> entries = Files.walk(top)) {
      for (Path entry : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(entry);
      }
    }
  }
}
