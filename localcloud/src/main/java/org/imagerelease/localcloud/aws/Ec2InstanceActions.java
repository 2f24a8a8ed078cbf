package org.imagerelease.localcloud.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * EC2's instance actions a smoke test needs: RunInstances, DescribeInstances,
 * DescribeInstanceStatus, GetConsoleOutput and TerminateInstances.
 */
final class Ec2InstanceActions {
  private static final Set<String> INSTANCE_TAGGABLE =
      Set.of("instance", "volume", "network-interface", "spot-instances-request");

  private final Cloud cloud;
  private final Instances instances;

  Ec2InstanceActions(Cloud cloud, Instances instances) {
    this.cloud = cloud;
    this.instances = instances;
  }

  void addTo(Map<String, Ec2Api.Action> actions) {
    actions.put("RunInstances", this::runInstances);
    actions.put("DescribeInstances", this::describeInstances);
    actions.put("DescribeInstanceStatus", this::describeInstanceStatus);
    actions.put("GetConsoleOutput", this::getConsoleOutput);
    actions.put("TerminateInstances", this::terminateInstances);
  }

  private void runInstances(QueryParams params, String regionName, Xml out) {
    if (params.has("LaunchTemplate")) {
      throw Ec2Errors.invalidParameterValue("Launch templates are not supported by this local endpoint");
    }
    Integer minCount = params.integer("MinCount");
    Integer maxCount = params.integer("MaxCount");
    if (minCount == null) {
      throw Ec2Errors.missingParameter("MinCount");
    }
    if (maxCount == null) {
      throw Ec2Errors.missingParameter("MaxCount");
    }
    // Volumes, network interfaces and spot requests are not kept here; their tags are accepted.
    Map<String, Map<String, String>> tags = Ec2Api.tagSpecifications(params, INSTANCE_TAGGABLE);
    Instances.Reservation reservation = instances.run(regionName, new Instances.Run(
        params.required("ImageId"), minCount, maxCount,
        params.get("InstanceType") == null ? "m1.small" : params.get("InstanceType"),
        params.get("SubnetId"), params.get("KeyName"), params.get("UserData"),
        params.get("ClientToken"), params.get("MetadataOptions.HttpTokens"),
        tags.getOrDefault("instance", Map.of())));
    Region region = cloud.region(regionName);
    synchronized (region) {
      reservation(out, reservation.reservationId(), reservation.instances(), cloud.now());
    }
  }

  private void describeInstances(QueryParams params, String regionName, Xml out) {
    List<String> ids = params.strings("InstanceId");
    Filters filters = Filters.from(params);
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      ids.forEach(id -> Instances.find(region, id));
      Map<String, List<Instance>> reservations = new LinkedHashMap<>();
      for (Instance instance : region.instances.values()) {
        if ((ids.isEmpty() || ids.contains(instance.id())) && filters.matches(instance, attributes(now))) {
          reservations.computeIfAbsent(instance.reservationId(), r -> new ArrayList<>()).add(instance);
        }
      }
      Page<Map.Entry<String, List<Instance>>> page =
          Ec2Api.page(new ArrayList<>(reservations.entrySet()), params);
      out.open("reservationSet");
      for (Map.Entry<String, List<Instance>> entry : page.items()) {
        out.open("item");
        reservation(out, entry.getKey(), entry.getValue(), now);
        out.close();
      }
      out.close().element("nextToken", page.nextToken());
    }
  }

  private static Map<String, Function<Instance, Object>> attributes(Instant now) {
    Map<String, Function<Instance, Object>> attributes = new HashMap<>();
    attributes.put("instance-id", Instance::id);
    attributes.put("instance-state-name", instance -> instance.state(now));
    attributes.put("instance-state-code", instance -> Instance.stateCode(instance.state(now)));
    attributes.put("image-id", instance -> instance.launch().imageId());
    attributes.put("instance-type", instance -> instance.launch().instanceType());
    attributes.put("subnet-id", instance -> instance.launch().subnetId());
    attributes.put("key-name", instance -> instance.launch().keyName());
    attributes.put("client-token", instance -> instance.launch().clientToken());
    attributes.put("architecture", instance -> instance.launch().architecture());
    attributes.put("reservation-id", Instance::reservationId);
    attributes.put("availability-zone", Instance::availabilityZone);
    attributes.put("private-ip-address", Instance::privateIpAddress);
    attributes.put("instance-status.status", instance -> status(instance, now));
    attributes.put("system-status.status", instance -> status(instance, now));
    attributes.put("instance-status.reachability", instance -> reachability(instance, now));
    attributes.put("system-status.reachability", instance -> reachability(instance, now));
    return attributes;
  }

  private void reservation(Xml out, String reservationId, List<Instance> members, Instant now) {
    out.element("reservationId", reservationId)
        .element("ownerId", cloud.config().accountId())
        .open("groupSet").close()
        .open("instancesSet");
    members.forEach(instance -> instance(out, instance, now));
    out.close();
  }

  private void instance(Xml out, Instance instance, Instant now) {
    Instance.Launch launch = instance.launch();
    String state = instance.state(now);
    String privateDns = "ip-" + instance.privateIpAddress().replace('.', '-') + "."
        + instance.availabilityZone().substring(0, instance.availabilityZone().length() - 1)
        + ".compute.internal";
    out.open("item")
        .element("instanceId", instance.id())
        .element("imageId", launch.imageId());
    instanceState(out, "instanceState", state);
    out.element("privateDnsName", privateDns)
        .element("dnsName", "")
        .element("reason", instance.terminating()
            ? "User initiated (" + Xml.TIMESTAMP.format(instance.shuttingDownAt()) + ")" : "")
        .element("keyName", launch.keyName())
        .element("amiLaunchIndex", instance.launchIndex())
        .open("productCodes").close()
        .element("instanceType", launch.instanceType())
        .element("launchTime", instance.launchTime())
        .open("placement").element("availabilityZone", instance.availabilityZone())
        .element("tenancy", "default").close()
        .open("monitoring").element("state", "disabled").close()
        .element("subnetId", launch.subnetId())
        .element("vpcId", launch.subnetId() == null ? null : "vpc-" + launch.subnetId().replace("subnet-", ""))
        .element("privateIpAddress", instance.privateIpAddress())
        .element("sourceDestCheck", true)
        .open("groupSet").close()
        .element("architecture", launch.architecture())
        .element("rootDeviceType", "ebs")
        .element("rootDeviceName", launch.rootDeviceName())
        .open("blockDeviceMapping").close()
        .element("virtualizationType", "hvm")
        .element("clientToken", launch.clientToken());
    Ec2Api.tagSet(out, instance.tags());
    out.element("hypervisor", "xen")
        .open("metadataOptions").element("state", "applied").element("httpTokens", launch.httpTokens())
        .element("httpPutResponseHopLimit", 2).element("httpEndpoint", "enabled").close()
        .element("bootMode", launch.bootMode())
        .element("currentInstanceBootMode", "legacy-bios".equals(launch.bootMode()) ? "legacy-bios" : "uefi");
    if (instance.terminating()) {
      out.open("stateReason").element("code", "Client.UserInitiatedShutdown")
          .element("message", "Client.UserInitiatedShutdown: User initiated shutdown").close();
    }
    out.close();
  }

  private static void instanceState(Xml out, String element, String state) {
    out.open(element).element("code", Instance.stateCode(state)).element("name", state).close();
  }

  /** Only running instances, unless IncludeAllInstances; not-applicable when not running. */
  private void describeInstanceStatus(QueryParams params, String regionName, Xml out) {
    List<String> ids = params.strings("InstanceId");
    boolean all = params.bool("IncludeAllInstances", false);
    Filters filters = Filters.from(params);
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      ids.forEach(id -> Instances.find(region, id));
      List<Instance> matching = new ArrayList<>();
      for (Instance instance : region.instances.values()) {
        if ((ids.isEmpty() || ids.contains(instance.id()))
            && (all || instance.state(now).equals("running"))
            && filters.matches(instance, attributes(now))) {
          matching.add(instance);
        }
      }
      Page<Instance> page = Ec2Api.page(matching, params);
      out.open("instanceStatusSet");
      for (Instance instance : page.items()) {
        out.open("item")
            .element("instanceId", instance.id())
            .element("availabilityZone", instance.availabilityZone());
        instanceState(out, "instanceState", instance.state(now));
        statusSummary(out, "systemStatus", instance, now);
        statusSummary(out, "instanceStatus", instance, now);
        statusSummary(out, "attachedEbsStatus", instance, now);
        out.open("eventsSet").close().close();
      }
      out.close().element("nextToken", page.nextToken());
    }
  }

  private static void statusSummary(Xml out, String element, Instance instance, Instant now) {
    out.open(element).element("status", status(instance, now));
    String reachability = reachability(instance, now);
    out.open("details");
    if (reachability != null) {
      out.open("item").element("name", "reachability").element("status", reachability).close();
    }
    out.close().close();
  }

  private static String status(Instance instance, Instant now) {
    String checks = instance.statusChecks(now);
    return checks == null ? "not-applicable" : checks;
  }

  private static String reachability(Instance instance, Instant now) {
    String checks = instance.statusChecks(now);
    return checks == null ? null : checks.equals("ok") ? "passed" : "initializing";
  }

  private void getConsoleOutput(QueryParams params, String regionName, Xml out) {
    String instanceId = params.required("InstanceId");
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      Instance instance = Instances.find(region, instanceId);
      String console = instances.consoleOutput(instance, now);
      out.element("instanceId", instance.id()).element("timestamp", now);
      if (console != null) {
        out.element("output", Base64.getEncoder().encodeToString(console.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private void terminateInstances(QueryParams params, String region, Xml out) {
    List<String> ids = params.strings("InstanceId");
    if (ids.isEmpty()) {
      throw Ec2Errors.missingParameter("InstanceId");
    }
    List<Instances.StateChange> changes = instances.terminate(region, ids);
    out.open("instancesSet");
    for (Instances.StateChange change : changes) {
      out.open("item").element("instanceId", change.instanceId());
      instanceState(out, "currentState", change.current());
      instanceState(out, "previousState", change.previous());
      out.close();
    }
    out.close();
  }
}
