package org.imagerelease.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.aws.ResourceKind;
import org.imagerelease.workflows.model.LocationImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image-release aws sweep}: what no release owns goes, what people launch stays. */
class AwsSweepTest {
  @TempDir Path dir;
  private AwsRig rig;

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void aReleaseThatEndedWithoutReleasingLeavesNothingTheSweepDoesNotFind() throws Exception {
    rig = new AwsRig(dir, LocalAwsConfig.everyDelay(Duration.ofMillis(20)), UnaryOperator.identity());
    LocationImage primary = rig.uploaded();
    rig.untilReady(rig.target.replicate(primary, rig.at(AwsRig.REPLICA), new AwsRig.RecordingHeartbeat()));
    AwsSweep sweep = new AwsSweep(rig.config);

    List<AwsSweep.Leftover> leftovers = sweep.find(compose -> AwsSweep.Fate.ENDED_UNRELEASED, false);

    assertThat(leftovers).extracting(AwsSweep.Leftover::kind).contains("image", "snapshot");
    assertThat(leftovers).extracting(AwsSweep.Leftover::region).contains(AwsRig.PRIMARY, AwsRig.REPLICA);
    assertThat(leftovers).allSatisfy(l -> assertThat(l.releaseId()).isEqualTo(AwsRig.RELEASE_ID));
    sweep.delete(leftovers);
    assertThat(rig.aws.inventory().live()).as(rig.aws.inventory().format())
        .noneMatch(r -> r.kind() == ResourceKind.IMAGE || r.kind() == ResourceKind.SNAPSHOT);
  }

  @Test
  void aRunningReleaseAndThePublicAmisOfAnyReleaseAreLeftAlone() throws Exception {
    rig = new AwsRig(dir, LocalAwsConfig.everyDelay(Duration.ofMillis(20)), UnaryOperator.identity());
    LocationImage primary = rig.uploaded();
    AwsSweep sweep = new AwsSweep(rig.config);

    assertThat(sweep.find(compose -> AwsSweep.Fate.RUNNING, false)).as("while its release runs").isEmpty();

    rig.target.publish(primary);
    assertThat(sweep.find(compose -> AwsSweep.Fate.UNKNOWN, false)).as("public, its history gone").isEmpty();
  }

  @Test
  void publicAmisPastTheirDeprecationDateGoOnlyWhenAsked() throws Exception {
    rig = new AwsRig(dir, LocalAwsConfig.everyDelay(Duration.ofMillis(20)), UnaryOperator.identity());
    rig.target.publish(rig.uploaded());
    rig.aws.advanceClock(Duration.ofDays(400));
    AwsSweep sweep = new AwsSweep(rig.config, rig.clients()::ec2, java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(400)));

    assertThat(sweep.find(compose -> AwsSweep.Fate.RELEASED, false)).isEmpty();
    List<AwsSweep.Leftover> expired = sweep.find(compose -> AwsSweep.Fate.RELEASED, true);
    assertThat(expired).extracting(AwsSweep.Leftover::kind).containsExactlyInAnyOrder("image", "snapshot");
    assertThat(expired).filteredOn(l -> l.kind().equals("image")).singleElement()
        .satisfies(l -> assertThat(l.why()).contains("past its deprecation date"));
  }
}
