package org.imagerelease.activities.azure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;

/**
 * The Compute Gallery a release puts its versions in, and how it names and describes them
 * ({@code [consumer_config.azure]} keys {@code resource_group}, {@code gallery}, {@code
 * community_gallery}, {@code storage_resource_group} and the tables {@code definition} and
 * {@code version}).
 *
 * @param resourceGroup the gallery's resource group
 * @param gallery the gallery's name; it must exist, in the primary region
 * @param communityGallery the gallery's public name when it is shared as a community gallery
 *     (e.g. {@code Fedora-5e266ba4-...}): published messages then carry the community id VMs
 *     are created from; empty for the version's resource id
 * @param storageResourceGroup the resource group of the upload storage account
 * @param definitionName image definition name; placeholders {@code {release}} ({@code 41},
 *     {@code Rawhide}), {@code {arch}} ({@code x64}, {@code Arm64}), {@code {subvariant}}
 * @param publisher the definition's publisher, fixed once it exists
 * @param offer the definition's offer
 * @param sku the definition's SKU; placeholders as the name's
 * @param features the definition's features, e.g. {@code SecurityType=TrustedLaunchSupported}
 * @param endOfLife from a version's creation to its end-of-life date (retention removes it then)
 * @param rawhideEndOfLife the same for Rawhide, whose versions are replaced every day
 * @param replicaCount replicas per region
 * @param storageAccountType of the replicas: Standard_LRS, Standard_ZRS or Premium_LRS
 */
public record GallerySettings(
    String resourceGroup,
    String gallery,
    String communityGallery,
    String storageResourceGroup,
    String definitionName,
    String publisher,
    String offer,
    String sku,
    Map<String, String> features,
    Duration endOfLife,
    Duration rawhideEndOfLife,
    int replicaCount,
    String storageAccountType) {
  private static final Map<String, String> DEFAULT_FEATURES =
      Map.of("SecurityType", "TrustedLaunchSupported", "DiskControllerTypes", "SCSI, NVMe", "IsAcceleratedNetworkSupported", "True");

  public GallerySettings {
    features = Map.copyOf(features);
  }

  static GallerySettings read(TomlTable table, boolean enabled) {
    String group = table.string("resource_group", "");
    String gallery = table.string("gallery", "");
    if (enabled && !group.matches("[-\\w.()]{1,90}")) {
      throw new ConfigException(table.path() + ".resource_group must name the gallery's resource group, was '" + group + "'");
    }
    if (enabled && !gallery.matches("[A-Za-z0-9][A-Za-z0-9_.]{0,78}[A-Za-z0-9]|[A-Za-z0-9]")) {
      throw new ConfigException(
          table.path() + ".gallery must name the Compute Gallery (letters, digits, dots and underscores), was '" + gallery + "'");
    }
    TomlTable definition = table.table("definition");
    Map<String, String> features = new LinkedHashMap<>(DEFAULT_FEATURES);
    TomlTable featureTable = definition.table("features");
    featureTable.raw().fieldNames().forEachRemaining(name -> features.put(name, featureTable.string(name, "")));
    TomlTable version = table.table("version");
    String accountType = version.string("storage_account_type", "Standard_LRS");
    if (!accountType.matches("Standard_LRS|Standard_ZRS|Premium_LRS")) {
      throw new ConfigException(table.path() + ".version.storage_account_type must be Standard_LRS, Standard_ZRS or Premium_LRS, was " + accountType);
    }
    GallerySettings settings =
        new GallerySettings(
            group,
            gallery,
            table.string("community_gallery", ""),
            table.string("storage_resource_group", group),
            definition.string("name", "Fedora-Cloud-{release}-{arch}"),
            definition.string("publisher", "Fedora"),
            definition.string("offer", "Cloud"),
            definition.string("sku", "{release}-{arch}"),
            features,
            version.duration("end_of_life", Duration.ofDays(365)),
            version.duration("rawhide_end_of_life", Duration.ofDays(90)),
            version.integer("replica_count", 1, 1, 100),
            accountType);
    featureTable.rejectUnknownKeys();
    definition.rejectUnknownKeys();
    version.rejectUnknownKeys();
    return settings;
  }
}
