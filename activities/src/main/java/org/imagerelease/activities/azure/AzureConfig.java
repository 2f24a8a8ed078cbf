package org.imagerelease.activities.azure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetServices;

/**
 * The Azure target as configured ({@code [consumer_config.azure]}; README lists every key): VHDs
 * uploaded as page blobs into a storage account, imported into a Compute Gallery version in the
 * primary region, replicated to the other regions once the gate opened, then promoted.
 *
 * <p>Credentials are not configuration: the worker reads them from its environment when it
 * builds the target ({@link AzureCredentials}), so a consumer or a planner needs none.
 *
 * @param enabled whether releases use Azure at all
 * @param primaryRegion where versions are created and tested: the gallery's own region
 * @param regions where versions are replicated once the gate opened; never the primary
 * @param selection which images of a compose go to the gallery (Cloud_Base vhd-compressed by default)
 * @param testcases what its images must pass instead of the gate's; empty to use those
 * @param storageAccount the storage account the page blobs go to (3-24 lower-case letters and digits)
 * @param container the blob container for the uploads, created when missing
 * @param blobEndpoint the account's Blob endpoint: {@code https://<account>.blob.core.windows.net}
 *     unless configured (a local stand-in such as Azurite)
 * @param upload how hard one page blob is written
 * @param gallery the gallery, its image definitions and versions
 * @param pollInterval how often a release asks again about a version being created or
 *     replicated; it waits on a timer in between, holding no worker
 * @param local local stand-ins for ARM and Blob storage (the demo, {@code image-release dev},
 *     tests); empty for Azure itself. Never read from a file: only those tools set it
 */
public record AzureConfig(
    boolean enabled,
    String primaryRegion,
    List<String> regions,
    SelectionRule selection,
    Optional<List<String>> testcases,
    String storageAccount,
    String container,
    URI blobEndpoint,
    PageUploadSettings upload,
    GallerySettings gallery,
    Duration pollInterval,
    Optional<LocalAzure> local)
    implements TargetConfig {

  public AzureConfig {
    regions = List.copyOf(regions);
    testcases = testcases == null ? Optional.empty() : testcases.map(List::copyOf);
    local = local == null ? Optional.empty() : local;
  }

  /**
   * Reads {@code [consumer_config.azure]}, which is empty when the file has none.
   *
   * @throws ConfigException naming the key at fault
   */
  public static AzureConfig read(TomlTable table) {
    boolean enabled = table.bool("enabled", false);
    String account = table.string("storage_account", "");
    if (enabled && !account.matches("[a-z0-9]{3,24}")) {
      throw new ConfigException(
          table.path() + ".storage_account must name the storage account (3 to 24 lower-case letters and digits), was '" + account + "'");
    }
    String container = table.string("container", "image-release-uploads");
    if (!container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
      throw new ConfigException(
          table.path() + ".container must be a blob container name (3 to 63 lower-case letters, digits and single hyphens), was '" + container + "'");
    }
    String endpoint = table.string("blob_endpoint", "");
    URI blobEndpoint = endpoint.isBlank() ? URI.create("https://" + (account.isEmpty() ? "unset" : account) + ".blob.core.windows.net") : uri(table, endpoint);
    String primary = table.string("primary_region", "eastus");
    List<String> regions = table.strings("regions", List.of());
    if (regions.stream().anyMatch(region -> sameRegion(region, primary))) {
      throw new ConfigException(table.path() + ".regions must not name the primary region " + primary + ": versions are created there");
    }
    TomlTable uploadTable = table.table("upload");
    PageUploadSettings upload =
        new PageUploadSettings(
            uploadTable.integer("parallelism", PageUploadSettings.DEFAULT_PARALLELISM, 1, 256),
            uploadTable.integer("requests_per_second", PageUploadSettings.DEFAULT_REQUESTS_PER_SECOND, 1, 500));
    uploadTable.rejectUnknownKeys();
    AzureConfig config =
        new AzureConfig(
            enabled,
            primary,
            regions,
            SelectionRule.read(table.table("selection"), SelectionRule.azureDefault()),
            table.has("testcases") ? Optional.of(table.strings("testcases", List.of())) : Optional.empty(),
            account,
            container,
            blobEndpoint,
            upload,
            GallerySettings.read(table, enabled),
            table.duration("poll_interval", Duration.ofSeconds(30)),
            Optional.empty());
    table.rejectUnknownKeys();
    return config;
  }

  /** Whether two spellings name one region: Azure takes {@code East US} and {@code eastus} alike. */
  public static boolean sameRegion(String a, String b) {
    return normalized(a).equals(normalized(b));
  }

  static String normalized(String region) {
    return region.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /** The primary region, then the others: every region a version is replicated to. */
  public List<String> allRegions() {
    List<String> all = new ArrayList<>(List.of(primaryRegion));
    all.addAll(regions);
    return all;
  }

  public boolean isPrimary(String region) {
    return sameRegion(region, primaryRegion);
  }

  /** The same target at local stand-ins, for the demo, {@code image-release dev} and tests. */
  public AzureConfig atLocalEndpoints(LocalAzure standIn) {
    return new AzureConfig(
        true, primaryRegion, regions, selection, testcases, storageAccount, container, standIn.blobEndpoint(), upload, gallery, pollInterval,
        Optional.of(standIn));
  }

  /** The same target asking again about long operations every {@code interval}. */
  public AzureConfig pollingEvery(Duration interval) {
    return new AzureConfig(
        enabled, primaryRegion, regions, selection, testcases, storageAccount, container, blobEndpoint, upload, gallery, interval, local);
  }

  @Override
  public String name() {
    return AzureTarget.NAME;
  }

  @Override
  public TargetSettings planning() {
    return new TargetSettings(AzureTarget.NAME, primaryRegion, regions, enabled, selection, true);
  }

  @Override
  public ReleaseTarget create(TargetServices services) {
    return new AzureTarget(this, AzureClients.create(this, System.getenv()), services.transfer());
  }

  private static URI uri(TomlTable table, String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(table.path() + ".blob_endpoint is not a URL: " + endpoint);
    }
  }
}
