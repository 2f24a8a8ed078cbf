package org.imagerelease.localcloud.aws;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything about the local AWS endpoint a test or the demo may want to set. Change it while
 * the endpoint runs with {@link LocalAws#reconfigure}; resources made before keep the delays
 * they were made with.
 *
 * @param accountId the one account every request acts as (owner of everything)
 * @param delays how long each state change takes
 * @param quotas the AWS limits enforced
 * @param consoleMarker the line a launched instance's console output shows once it booted
 * @param blockPublicSharingByDefault image block public access ({@code block-new-sharing}) in
 *     regions not named in {@code blockPublicSharing}; AWS turns it on for new accounts, the
 *     default here is off so the demo can publish
 * @param blockPublicSharing image block public access per region, overriding the default
 * @param keepBlockData whether snapshot blocks are kept (in temporary files) so GetSnapshotBlock
 *     can return them; the benchmark turns it off and only digests are kept
 */
public record LocalAwsConfig(String accountId, Delays delays, Quotas quotas, String consoleMarker,
    boolean blockPublicSharingByDefault, Map<String, Boolean> blockPublicSharing,
    boolean keepBlockData) {

  /** The default marker: what systemd prints once cloud-init's final stage ran. */
  public static final String DEFAULT_CONSOLE_MARKER = "Reached target cloud-init.target - Cloud-init target.";

  public LocalAwsConfig {
    if (accountId == null || !accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("an AWS account id has 12 digits: " + accountId);
    }
    if (delays == null || quotas == null || consoleMarker == null || consoleMarker.isBlank()) {
      throw new IllegalArgumentException("delays, quotas and a console marker are required");
    }
    blockPublicSharing = Map.copyOf(blockPublicSharing);
  }

  /** Demo delays (seconds), AWS's quotas, public sharing allowed. */
  public static LocalAwsConfig defaults() {
    return new LocalAwsConfig("123456789012", Delays.demo(), Quotas.aws(), DEFAULT_CONSOLE_MARKER,
        false, Map.of(), true);
  }

  /** Like {@link #defaults()} with every state change after {@code delay}, for tests. */
  public static LocalAwsConfig everyDelay(Duration delay) {
    return defaults().withDelays(Delays.all(delay));
  }

  public boolean blocksPublicSharing(String region) {
    return blockPublicSharing.getOrDefault(region, blockPublicSharingByDefault);
  }

  public LocalAwsConfig withAccountId(String id) {
    return new LocalAwsConfig(id, delays, quotas, consoleMarker, blockPublicSharingByDefault,
        blockPublicSharing, keepBlockData);
  }

  public LocalAwsConfig withDelays(Delays newDelays) {
    return new LocalAwsConfig(accountId, newDelays, quotas, consoleMarker,
        blockPublicSharingByDefault, blockPublicSharing, keepBlockData);
  }

  public LocalAwsConfig withQuotas(Quotas newQuotas) {
    return new LocalAwsConfig(accountId, delays, newQuotas, consoleMarker,
        blockPublicSharingByDefault, blockPublicSharing, keepBlockData);
  }

  public LocalAwsConfig withConsoleMarker(String marker) {
    return new LocalAwsConfig(accountId, delays, quotas, marker, blockPublicSharingByDefault,
        blockPublicSharing, keepBlockData);
  }

  /** Block public access in every region not set one by one, as AWS does for new accounts. */
  public LocalAwsConfig withBlockPublicSharingByDefault(boolean blocked) {
    return new LocalAwsConfig(accountId, delays, quotas, consoleMarker, blocked,
        blockPublicSharing, keepBlockData);
  }

  /**
   * Block public access in one region, as the region starts out; once the region has been used,
   * change it with {@link LocalAws#setImageBlockPublicAccess} or the EC2 API.
   */
  public LocalAwsConfig withBlockPublicSharing(String region, boolean blocked) {
    Map<String, Boolean> regions = new HashMap<>(blockPublicSharing);
    regions.put(region, blocked);
    return new LocalAwsConfig(accountId, delays, quotas, consoleMarker,
        blockPublicSharingByDefault, regions, keepBlockData);
  }

  public LocalAwsConfig withKeepBlockData(boolean keep) {
    return new LocalAwsConfig(accountId, delays, quotas, consoleMarker,
        blockPublicSharingByDefault, blockPublicSharing, keep);
  }
}
