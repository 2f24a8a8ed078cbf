package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An AMI: registered here or copied from another region; {@code pending} until it is
 * {@code available}. Mutable fields change under the region's lock.
 */
final class Image implements Tagged {
  private final String id;
  private final String ownerId;
  private final Instant creationDate;
  private final Instant availableAt;
  private final String sourceImageId;
  private final String sourceRegion;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Set<String> launchUserIds = new LinkedHashSet<>();
  private ImageSpec spec;
  private boolean launchPublic;
  private Instant deprecationTime;

  /** @param sourceImageId the AMI this one is a copy of; null for registered ones */
  Image(String id, String ownerId, ImageSpec spec, Instant creationDate, Instant availableAt,
      String sourceImageId, String sourceRegion) {
    this.id = id;
    this.ownerId = ownerId;
    this.spec = spec;
    this.creationDate = creationDate;
    this.availableAt = availableAt;
    this.sourceImageId = sourceImageId;
    this.sourceRegion = sourceRegion;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Map<String, String> tags() {
    return tags;
  }

  String ownerId() {
    return ownerId;
  }

  ImageSpec spec() {
    return spec;
  }

  void spec(ImageSpec changed) {
    spec = changed;
  }

  Instant creationDate() {
    return creationDate;
  }

  String state(Instant now) {
    return now.isBefore(availableAt) ? "pending" : "available";
  }

  boolean available(Instant now) {
    return state(now).equals("available");
  }

  /** A copy still under way: what counts against the concurrent copy limit. */
  boolean copyInFlight(Instant now) {
    return sourceImageId != null && !available(now);
  }

  String sourceImageId() {
    return sourceImageId;
  }

  String sourceRegion() {
    return sourceRegion;
  }

  boolean launchPublic() {
    return launchPublic;
  }

  void launchPublic(boolean isPublic) {
    launchPublic = isPublic;
  }

  Set<String> launchUserIds() {
    return launchUserIds;
  }

  Instant deprecationTime() {
    return deprecationTime;
  }

  void deprecationTime(Instant at) {
    deprecationTime = at;
  }
}
