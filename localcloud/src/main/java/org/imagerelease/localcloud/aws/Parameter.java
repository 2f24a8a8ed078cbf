package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An SSM parameter with the versions Parameter Store keeps (the newest 100). */
final class Parameter {
  static final int VERSIONS_KEPT = 100;

  /** One version of a parameter, as GetParameterHistory returns it. */
  record Version(long version, String value, String type, String dataType, String description,
      String allowedPattern, String tier, String keyId, Instant lastModified) {}

  private final String name;
  private final List<Version> versions = new ArrayList<>();
  private final Map<String, String> tags = new LinkedHashMap<>();
  private long lastVersion;

  Parameter(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  Map<String, String> tags() {
    return tags;
  }

  Version current() {
    return versions.get(versions.size() - 1);
  }

  List<Version> versions() {
    return List.copyOf(versions);
  }

  long lastVersion() {
    return lastVersion;
  }

  /** Adds the next version, numbered one past the last ever made. */
  Version add(Version unnumbered) {
    lastVersion++;
    Version numbered = new Version(lastVersion, unnumbered.value(), unnumbered.type(),
        unnumbered.dataType(), unnumbered.description(), unnumbered.allowedPattern(),
        unnumbered.tier(), unnumbered.keyId(), unnumbered.lastModified());
    versions.add(numbered);
    if (versions.size() > VERSIONS_KEPT) {
      versions.remove(0);
    }
    return numbered;
  }
}
