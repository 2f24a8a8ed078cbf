package org.imagerelease.activities.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetServices;

/**
 * The AWS target as configured ({@code [consumer_config.aws]}; README lists every key).
 *
 * @param primaryRegion where images are uploaded and tested
 * @param regions where they are copied once the gate opened; never the primary
 * @param selection which images of a compose become AMIs (raw-xz Cloud_Base by default)
 * @param testcases what its images must pass instead of the gate's; empty to use those
 * @param ami how AMIs are named and registered
 * @param upload how snapshots are uploaded
 * @param publish what making an AMI public involves
 * @param smokeTest booting the new AMI once in the primary region
 * @param endpoint one endpoint for EC2, EBS and SSM instead of AWS's (a local stand-in); empty for AWS
 * @param tags added to every snapshot, AMI and instance, beside image-release's own
 * @param callTimeout the longest one AWS call may take, retries included
 * @param pollInterval how often a release asks again about a snapshot completing, an AMI
 *     becoming available or a copy under way; it waits on a timer in between, holding no worker
 */
public record AwsConfig(
    boolean enabled,
    String primaryRegion,
    List<String> regions,
    SelectionRule selection,
    Optional<List<String>> testcases,
    AmiSettings ami,
    UploadSettings upload,
    PublishSettings publish,
    SmokeTestSettings smokeTest,
    Optional<URI> endpoint,
    Map<String, String> tags,
    Duration callTimeout,
    Duration pollInterval)
    implements TargetConfig {

  /**
   * @param nameTemplate the AMI name; placeholders {@code {image}} (file name without its
   *     compression and format), {@code {compose_id}}, {@code {arch}}, {@code {subvariant}},
   *     {@code {variant}}, {@code {release}}
   * @param bootModes per productmd arch: {@code uefi-preferred}, {@code uefi} or {@code legacy-bios}
   * @param nitroTpm whether AMIs declare NitroTPM 2.0 (needs boot mode uefi)
   * @param volumeType of the root volume, e.g. gp3
   * @param deprecateAfter from registration until AWS marks the AMI deprecated
   * @param deprecateRawhideAfter the same for Rawhide, whose AMIs are replaced every day
   */
  public record AmiSettings(
      String nameTemplate,
      Map<String, String> bootModes,
      boolean nitroTpm,
      String volumeType,
      Duration deprecateAfter,
      Duration deprecateRawhideAfter) {
    public AmiSettings {
      bootModes = Map.copyOf(bootModes);
    }

    public String bootModeOf(String arch) {
      return bootModes.getOrDefault(arch, "uefi-preferred");
    }
  }

  /**
   * @param parallelism blocks put at once (AWS allows about 1000 puts/s per snapshot at ~100 ms each)
   * @param sendZeroBlocks put all-zero blocks too, for accounts whose new snapshots are encrypted
   *     by default and read unwritten blocks as garbage
   * @param snapshotTimeout how long an unfinished snapshot waits for its blocks before EBS fails
   *     it; long enough for a retried attempt to resume into it
   */
  public record UploadSettings(int parallelism, boolean sendZeroBlocks, Duration snapshotTimeout) {}

  /**
   * @param ssmParameter the SSM parameter naming the newest AMI per region; placeholders as the
   *     AMI name's; empty for none
   * @param publicAmiQuota public AMIs the account may have per region (AWS's default is 5): the
   *     preflight refuses a release that would pass it
   */
  public record PublishSettings(String ssmParameter, int publicAmiQuota) {}

  /**
   * @param enabled whether each new AMI boots once in the primary region before the gate
   * @param subnetId where the instance starts; empty for the default VPC
   * @param instanceTypes per productmd arch, e.g. {@code t3.micro}, {@code t4g.micro}
   * @param consoleMarker what its console must show for the test to pass
   * @param timeout how long the instance has to pass both status checks and show the marker
   */
  public record SmokeTestSettings(
      boolean enabled, String subnetId, Map<String, String> instanceTypes, String consoleMarker, Duration timeout) {
    public SmokeTestSettings {
      instanceTypes = Map.copyOf(instanceTypes);
    }

    public String instanceTypeOf(String arch) {
      return instanceTypes.getOrDefault(arch, arch.equals("aarch64") ? "t4g.micro" : "t3.micro");
    }
  }

  public AwsConfig {
    regions = List.copyOf(regions);
    tags = Map.copyOf(tags);
    testcases = testcases == null ? Optional.empty() : testcases.map(List::copyOf);
  }

  @Override
  public String name() {
    return AwsTarget.NAME;
  }

  @Override
  public TargetSettings planning() {
    return new TargetSettings(AwsTarget.NAME, primaryRegion, regions, enabled, selection, true);
  }

  @Override
  public ReleaseTarget create(TargetServices services) {
    return new AwsTarget(this, new AwsClients(this), services.transfer());
  }
}
