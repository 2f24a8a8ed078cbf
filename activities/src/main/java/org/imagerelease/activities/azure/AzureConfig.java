package org.imagerelease.activities.azure;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;

/**
 * The Azure target as configured ({@code [consumer_config.azure]}), so far its upload side:
 * where VHDs are uploaded as page blobs, how hard, and as whom.
 *
 * @param enabled whether releases use Azure at all
 * @param storageAccount the storage account the page blobs go to (3-24 lower-case letters and digits)
 * @param container the blob container for the uploads, created when missing
 * @param blobEndpoint the account's Blob endpoint: {@code https://<account>.blob.core.windows.net}
 *     unless configured (a local stand-in such as Azurite)
 * @param upload how hard one page blob is written
 * @param credentials who the worker is in Azure; empty when the target is disabled
 */
public record AzureConfig(
    boolean enabled, String storageAccount, String container, URI blobEndpoint, PageUploadSettings upload, Optional<AzureCredentials> credentials) {

  /**
   * Reads {@code [consumer_config.azure]}, which is empty when the file has none. Credentials come
   * from {@code env} ({@link AzureCredentials}) and are checked only when the target is enabled.
   *
   * @throws ConfigException naming the key or environment variable at fault
   */
  public static AzureConfig read(TomlTable table, Map<String, String> env) {
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
    TomlTable uploadTable = table.table("upload");
    PageUploadSettings upload =
        new PageUploadSettings(
            uploadTable.integer("parallelism", PageUploadSettings.DEFAULT_PARALLELISM, 1, 256),
            uploadTable.integer("requests_per_second", PageUploadSettings.DEFAULT_REQUESTS_PER_SECOND, 1, 500));
    uploadTable.rejectUnknownKeys();
    table.rejectUnknownKeys();
    return new AzureConfig(enabled, account, container, blobEndpoint, upload, enabled ? Optional.of(AzureCredentials.fromEnvironment(env)) : Optional.empty());
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
