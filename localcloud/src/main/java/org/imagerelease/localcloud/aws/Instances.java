package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Instances as a smoke test uses them: launched from an available AMI (ClientToken honoured),
 * running after a delay, status checks initializing then ok, a console that shows the boot and
 * the configured marker, terminated when asked. The wire format is {@link Ec2InstanceActions}'.
 */
final class Instances {
  /** RunInstances' parameters. */
  record Run(String imageId, int minCount, int maxCount, String instanceType, String subnetId,
      String keyName, String userData, String clientToken, String httpTokens,
      Map<String, String> instanceTags) {}

  /** The instances one RunInstances launched. */
  record Reservation(String reservationId, List<Instance> instances) {}

  /** One instance's part in TerminateInstances' answer. */
  record StateChange(String instanceId, String previous, String current) {}

  private final Cloud cloud;

  Instances(Cloud cloud) {
    this.cloud = cloud;
  }

  Reservation run(String regionName, Run run) {
    if (run.minCount() < 1 || run.maxCount() < run.minCount()) {
      throw Ec2Errors.invalidParameterValue("MinCount (" + run.minCount() + ") must be at least 1"
          + " and at most MaxCount (" + run.maxCount() + ")");
    }
    String fingerprint = Objects.hash(run.imageId(), run.minCount(), run.maxCount(),
        run.instanceType(), run.subnetId(), run.keyName(), run.userData(), run.httpTokens(),
        run.instanceTags()) + "";
    String tokenKey = "RunInstances:" + run.clientToken();
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      if (run.clientToken() != null && region.clientTokens.containsKey(tokenKey)) {
        Region.TokenUse use = region.clientTokens.get(tokenKey);
        if (!use.fingerprint().equals(fingerprint)) {
          throw Ec2Errors.idempotentParameterMismatch(run.clientToken());
        }
        return new Reservation(use.resultId(), region.instances.values().stream()
            .filter(instance -> instance.reservationId().equals(use.resultId()))
            .toList());
      }
      Image image = Images.find(region, run.imageId());
      if (!image.available(now)) {
        throw ApiError.badRequest("InvalidAMIID.Unavailable",
            "The image id '[" + run.imageId() + "]' is not available: " + image.state(now));
      }
      int limit = cloud.config().quotas().instancesPerRegion();
      long live = region.instances.values().stream().filter(i -> !i.terminating()).count();
      if (live + run.minCount() > limit) {
        throw ApiError.badRequest("InstanceLimitExceeded", "You have requested more instances ("
            + (live + run.minCount()) + ") than your current instance limit of " + limit
            + " allows.");
      }
      int count = (int) Math.min(run.maxCount(), limit - live);
      String httpTokens = run.httpTokens() != null ? run.httpTokens()
          : "v2.0".equals(image.spec().imdsSupport()) ? "required" : "optional";
      Instance.Launch launch = new Instance.Launch(run.imageId(), run.instanceType(),
          run.subnetId(), run.keyName(), run.userData(), run.clientToken(),
          image.spec().architecture(), image.spec().bootMode(), httpTokens,
          image.spec().rootDeviceName());
      Delays delays = cloud.config().delays();
      Instant runningAt = now.plus(delays.instanceRunning());
      String reservationId = Ids.next("r");
      List<Instance> launched = new ArrayList<>();
      for (int index = 0; index < count; index++) {
        Instance instance = new Instance(Ids.next("i"), reservationId, index, launch,
            regionName + "a", "10.0." + (region.instances.size() / 250) + "." + (region.instances.size() % 250 + 4),
            now, runningAt, runningAt.plus(delays.statusChecks()),
            runningAt.plus(delays.consoleOutput()));
        instance.tags().putAll(run.instanceTags());
        region.instances.put(instance.id(), instance);
        launched.add(instance);
        cloud.log().record(regionName, ResourceKind.INSTANCE, instance.id(),
            ResourceEvent.Change.CREATED, run.imageId() + " " + run.instanceType());
      }
      if (run.clientToken() != null) {
        region.clientTokens.put(tokenKey, new Region.TokenUse(fingerprint, reservationId));
      }
      return new Reservation(reservationId, launched);
    }
  }

  /** Terminates instances; already terminated ones stay so. Unknown ids fail the whole call. */
  List<StateChange> terminate(String regionName, List<String> instanceIds) {
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      List<Instance> instances = instanceIds.stream().map(id -> find(region, id)).toList();
      List<StateChange> changes = new ArrayList<>();
      for (Instance instance : instances) {
        String previous = instance.state(now);
        if (!instance.terminating()) {
          instance.terminate(now, now.plus(cloud.config().delays().instanceTermination()));
          cloud.log().record(regionName, ResourceKind.INSTANCE, instance.id(),
              ResourceEvent.Change.DELETED, "terminated");
        }
        changes.add(new StateChange(instance.id(), previous, instance.state(now)));
      }
      return changes;
    }
  }

  /** The console output so far; null before anything was written, as EC2 answers then. */
  String consoleOutput(Instance instance, Instant now) {
    if (instance.state(now).equals("pending")) {
      return null;
    }
    StringBuilder console = new StringBuilder()
        .append("[    0.000000] Linux version 6.11.4 (local AWS endpoint) #1 SMP PREEMPT_DYNAMIC\n")
        .append("[    0.000000] Command line: BOOT_IMAGE=(hd0,gpt3)/vmlinuz root=LABEL=root ro"
            + " console=tty0 console=ttyS0,115200n8\n")
        .append("[    0.000000] DMI: Amazon EC2 ").append(instance.launch().instanceType())
        .append(", BIOS 1.0 ").append(instance.launch().bootMode() == null ? "" : instance.launch().bootMode())
        .append('\n')
        .append("[    1.204518] EXT4-fs (nvme0n1p3): mounted filesystem\n");
    if (instance.consoleReady(now)) {
      console.append("[   11.387120] cloud-init[802]: Cloud-init v. 24.2 finished. Datasource DataSourceEc2.\n")
          .append("[  OK  ] ").append(cloud.config().consoleMarker()).append('\n')
          .append('\n').append(instance.id()).append(" login: \n");
    }
    return console.toString();
  }

  /** An instance of this region; the caller holds the region's lock. */
  static Instance find(Region region, String instanceId) {
    Instance instance = region.instances.get(instanceId);
    if (instance == null) {
      Ec2Errors.wellFormed(instanceId, "i", "InvalidInstanceID.Malformed", "");
      throw Ec2Errors.instanceNotFound(instanceId);
    }
    return instance;
  }
}
