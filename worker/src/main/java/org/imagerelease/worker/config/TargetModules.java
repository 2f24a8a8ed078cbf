package org.imagerelease.worker.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.imagerelease.activities.events.PublishedFormat;
import org.imagerelease.activities.aws.AwsModule;
import org.imagerelease.activities.azure.AzureModule;
import org.imagerelease.activities.mirror.MirrorModule;
import org.imagerelease.activities.targets.TargetModule;

/**
 * Every target this version can release to, in the order plans list them. Adding a target is
 * adding its module here.
 */
public final class TargetModules {
  private static final List<TargetModule> ALL = List.of(new MirrorModule(), new AwsModule(), new AzureModule());

  /** Target tables other tools put in the same file (Fedora's uploader) that no module reads yet. */
  static final List<String> NOT_YET_SUPPORTED = List.of("gcp", "container");

  private TargetModules() {}

  public static List<TargetModule> all() {
    return ALL;
  }

  public static Optional<TargetModule> named(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** Each target's published message format, by target name. */
  public static Map<String, PublishedFormat> publishedFormats() {
    return ALL.stream().collect(Collectors.toMap(TargetModule::name, TargetModule::publishedFormat));
  }

  static List<String> names() {
    return ALL.stream().map(TargetModule::name).toList();
  }
}
