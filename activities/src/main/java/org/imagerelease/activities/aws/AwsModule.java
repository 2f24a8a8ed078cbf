package org.imagerelease.activities.aws;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.events.PublishedFormat;
import org.imagerelease.activities.events.PublishedFormats;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetModule;

/**
 * AWS as a target module: {@code [consumer_config.aws]} and its tables; off unless enabled.
 * Its published message is fedora-image-uploader's {@code published.v1.aws}.
 */
public final class AwsModule implements TargetModule {
  private static final List<String> BOOT_MODES = List.of("uefi-preferred", "uefi", "legacy-bios");

  @Override
  public String name() {
    return AwsTarget.NAME;
  }

  @Override
  public TargetConfig configure(TomlTable table) {
    String endpoint = table.string("endpoint", "");
    AwsConfig config =
        new AwsConfig(
            table.bool("enabled", false),
            table.string("primary_region", "us-east-1"),
            table.strings("regions", List.of()),
            SelectionRule.read(table.table("selection"), SelectionRule.awsDefault()),
            table.has("testcases") ? Optional.of(table.strings("testcases", List.of())) : Optional.empty(),
            ami(table.table("ami")),
            upload(table.table("upload")),
            publish(table.table("publish")),
            smokeTest(table.table("smoke_test")),
            endpoint.isBlank() ? Optional.empty() : Optional.of(uri(endpoint)),
            strings(table.table("tags")),
            table.duration("call_timeout", Duration.ofMinutes(2)),
            table.duration("poll_interval", Duration.ofSeconds(15)));
    table.rejectUnknownKeys();
    return config;
  }

  @Override
  public PublishedFormat publishedFormat() {
    return PublishedFormats.uploaderAws();
  }

  private static AwsConfig.AmiSettings ami(TomlTable table) {
    Map<String, String> bootModes = new LinkedHashMap<>(Map.of("x86_64", "uefi-preferred", "aarch64", "uefi"));
    bootModes.putAll(strings(table.table("boot_modes")));
    bootModes.forEach(
        (arch, mode) -> {
          if (!BOOT_MODES.contains(mode)) {
            throw new ConfigException("consumer_config.aws.ami.boot_modes." + arch + " must be one of " + BOOT_MODES + ", was " + mode);
          }
        });
    AwsConfig.AmiSettings settings =
        new AwsConfig.AmiSettings(
            table.string("name", "{image}"),
            bootModes,
            table.bool("nitro_tpm", false),
            table.string("volume_type", "gp3"),
            table.duration("deprecate_after", Duration.ofDays(365)),
            table.duration("deprecate_rawhide_after", Duration.ofDays(90)));
    if (settings.nitroTpm() && bootModes.values().stream().anyMatch(mode -> !mode.equals("uefi"))) {
      throw new ConfigException("consumer_config.aws.ami.nitro_tpm needs boot mode uefi for every arch, boot_modes are " + bootModes);
    }
    table.rejectUnknownKeys();
    return settings;
  }

  private static AwsConfig.UploadSettings upload(TomlTable table) {
    Duration timeout = table.duration("snapshot_timeout", Duration.ofHours(12));
    if (timeout.toMinutes() < 10 || timeout.toMinutes() > 4320) {
      throw new ConfigException("consumer_config.aws.upload.snapshot_timeout must be between 10m and 72h (EBS's limits), was " + timeout);
    }
    AwsConfig.UploadSettings settings =
        new AwsConfig.UploadSettings(table.integer("parallelism", 64, 1, 256), table.bool("send_zero_blocks", false), timeout);
    table.rejectUnknownKeys();
    return settings;
  }

  private static AwsConfig.PublishSettings publish(TomlTable table) {
    AwsConfig.PublishSettings settings =
        new AwsConfig.PublishSettings(
            table.string("ssm_parameter", "/image-release/{release}/{subvariant}/{arch}/latest"),
            table.integer("public_ami_quota", 5, 1, 100_000));
    table.rejectUnknownKeys();
    return settings;
  }

  private static AwsConfig.SmokeTestSettings smokeTest(TomlTable table) {
    Map<String, String> types = new LinkedHashMap<>(Map.of("x86_64", "t3.micro", "aarch64", "t4g.micro"));
    types.putAll(strings(table.table("instance_types")));
    AwsConfig.SmokeTestSettings settings =
        new AwsConfig.SmokeTestSettings(
            table.bool("enabled", true),
            table.string("subnet_id", ""),
            types,
            table.string("console_marker", "Reached target cloud-init.target"),
            table.duration("timeout", Duration.ofMinutes(15)));
    table.rejectUnknownKeys();
    return settings;
  }

  private static Map<String, String> strings(TomlTable table) {
    Map<String, String> values = new LinkedHashMap<>();
    table.raw().fieldNames().forEachRemaining(name -> values.put(name, table.string(name, "")));
    return values;
  }

  private static URI uri(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("consumer_config.aws.endpoint is not a URL: " + endpoint);
    }
  }
}
