package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EC2 instance: pending, running (status checks initializing, then ok; the console shows the
 * marker a while after it runs), then shutting-down and terminated once asked to terminate.
 */
final class Instance implements Tagged {
  /** What RunInstances launched it with. */
  record Launch(String imageId, String instanceType, String subnetId, String keyName,
      String userData, String clientToken, String architecture, String bootMode,
      String httpTokens, String rootDeviceName) {}

  private final String id;
  private final String reservationId;
  private final int launchIndex;
  private final Launch launch;
  private final String availabilityZone;
  private final String privateIpAddress;
  private final Instant launchTime;
  private final Instant runningAt;
  private final Instant statusOkAt;
  private final Instant consoleAt;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private Instant shuttingDownAt;
  private Instant terminatedAt;

  Instance(String id, String reservationId, int launchIndex, Launch launch, String availabilityZone,
      String privateIpAddress, Instant launchTime, Instant runningAt, Instant statusOkAt,
      Instant consoleAt) {
    this.id = id;
    this.reservationId = reservationId;
    this.launchIndex = launchIndex;
    this.launch = launch;
    this.availabilityZone = availabilityZone;
    this.privateIpAddress = privateIpAddress;
    this.launchTime = launchTime;
    this.runningAt = runningAt;
    this.statusOkAt = statusOkAt;
    this.consoleAt = consoleAt;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Map<String, String> tags() {
    return tags;
  }

  String reservationId() {
    return reservationId;
  }

  int launchIndex() {
    return launchIndex;
  }

  Launch launch() {
    return launch;
  }

  String availabilityZone() {
    return availabilityZone;
  }

  String privateIpAddress() {
    return privateIpAddress;
  }

  Instant launchTime() {
    return launchTime;
  }

  /** {@code pending}, {@code running}, {@code shutting-down} or {@code terminated}. */
  String state(Instant now) {
    if (terminatedAt != null) {
      return now.isBefore(terminatedAt) ? "shutting-down" : "terminated";
    }
    return now.isBefore(runningAt) ? "pending" : "running";
  }

  /** EC2's numeric state code: the low byte of {@code InstanceState.Code}. */
  static int stateCode(String state) {
    return switch (state) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      default -> 80;
    };
  }

  /** Both status checks: {@code initializing} until {@code ok}; null when not running. */
  String statusChecks(Instant now) {
    if (!state(now).equals("running")) {
      return null;
    }
    return now.isBefore(statusOkAt) ? "initializing" : "ok";
  }

  /** Whether the console output shows the boot through to the marker. */
  boolean consoleReady(Instant now) {
    return !now.isBefore(consoleAt);
  }

  boolean terminating() {
    return terminatedAt != null;
  }

  Instant shuttingDownAt() {
    return shuttingDownAt;
  }

  void terminate(Instant now, Instant at) {
    shuttingDownAt = now;
    terminatedAt = at;
  }
}
