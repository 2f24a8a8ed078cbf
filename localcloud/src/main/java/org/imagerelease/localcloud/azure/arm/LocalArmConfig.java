package org.imagerelease.localcloud.azure.arm;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything about the local ARM endpoint a test or the demo may set.
 *
 * @param subscriptionId the one subscription that exists; paths naming another answer 404
 *     {@code SubscriptionNotFound}, as ARM does for a subscription the caller cannot see
 * @param delays how long each long-running operation takes
 * @param retryAfter the {@code Retry-After} sent with long-running operations and throttling, in
 *     whole seconds as ARM sends it; the Azure SDKs poll at this interval. Zero sends none with
 *     long-running operations, so clients poll at their own interval (the Java SDK takes a
 *     header of 0 to mean its default of 30 s, which tests shorten with {@code
 *     ResourceManagerUtils.InternalRuntimeContext.setDelayProvider}); a 429 then says 0
 * @param apiVersions the {@code api-version}s accepted; every one is answered in the shapes of
 *     {@code 2024-03-03}, the version azure-resourcemanager-compute 2.55.1 sends
 */
public record LocalArmConfig(String subscriptionId, ArmDelays delays, Duration retryAfter,
    Set<String> apiVersions) {

  /** The stable Microsoft.Compute gallery API versions (azure-rest-api-specs GalleryRP/stable). */
  public static final Set<String> GALLERY_API_VERSIONS = Set.of("2019-03-01", "2019-07-01",
      "2019-12-01", "2020-09-30", "2021-07-01", "2021-10-01", "2022-01-03", "2022-03-03",
      "2022-08-03", "2023-07-03", "2024-03-03", "2025-03-03");

  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public LocalArmConfig {
    if (subscriptionId == null || !GUID.matcher(subscriptionId).matches()) {
      throw new IllegalArgumentException("an Azure subscription id is a GUID: " + subscriptionId);
    }
    if (delays == null || retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("delays and a non-negative retryAfter are required");
    }
    apiVersions = Set.copyOf(apiVersions);
  }

  /** Demo delays (seconds), polls every second. */
  public static LocalArmConfig defaults() {
    return new LocalArmConfig("00000000-0000-0000-0000-000000000000", ArmDelays.demo(),
        Duration.ofSeconds(1), GALLERY_API_VERSIONS);
  }

  /** Every operation after {@code delay}, polled at the client's own interval: for tests. */
  public static LocalArmConfig everyDelay(Duration delay) {
    return defaults().withDelays(ArmDelays.all(delay)).withRetryAfter(Duration.ZERO);
  }

  public LocalArmConfig withSubscriptionId(String id) {
    return new LocalArmConfig(id, delays, retryAfter, apiVersions);
  }

  public LocalArmConfig withDelays(ArmDelays newDelays) {
    return new LocalArmConfig(subscriptionId, newDelays, retryAfter, apiVersions);
  }

  public LocalArmConfig withRetryAfter(Duration interval) {
    return new LocalArmConfig(subscriptionId, delays, interval, apiVersions);
  }
}
