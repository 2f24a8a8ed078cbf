package org.imagerelease.localcloud.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.imagerelease.localcloud.azure.arm.ArmFaults.Regions;
import org.imagerelease.localcloud.azure.arm.ArmResource.Replication;
import org.imagerelease.localcloud.azure.arm.AsyncOperation.Verb;

/**
 * The galleries, image definitions and versions of the one subscription, and the operations on
 * them: Microsoft.Compute's gallery API of {@code 2024-03-03} (azure-rest-api-specs, {@code
 * GalleryRP/stable/2024-03-03}), with ARM's long-running operation protocol. Every state is
 * computed from the clock and the instants operations are due, so nothing runs in the background.
 *
 * <p>Where the specification leaves the service's behaviour open, the choice made is written
 * where it is made.
 */
final class GalleryStore {
  private final Supplier<LocalArmConfig> config;
  private final ArmFaults faults;
  private final Clock clock;
  private final Map<String, ArmResource> resources = new LinkedHashMap<>();
  private final Map<String, AsyncOperation> operations = new HashMap<>();
  private final List<ResourceEvent> events = new ArrayList<>();

  GalleryStore(Supplier<LocalArmConfig> config, ArmFaults faults, Clock clock) {
    this.config = config;
    this.faults = faults;
    this.clock = clock;
  }

  synchronized ArmResponse handle(ArmRequest request) {
    Instant now = clock.instant();
    settle(now);
    Route route = request.route();
    String method = request.method();
    return switch (route.kind()) {
      case PROVIDER -> only("GET", method, () -> ArmResponse.of(200, provider()));
      case PROVIDER_REGISTRATION -> only("POST", method, () -> ArmResponse.of(200, provider()));
      case OPERATION -> only("GET", method, () -> operationStatus(request, now));
      case SUBSCRIPTION_GALLERIES -> only("GET", method,
          () -> list(ResourceKind.GALLERY, subscriptionPath() + "/resourceGroups/", now, request));
      case GALLERIES -> only("GET", method,
          () -> list(ResourceKind.GALLERY, galleriesPrefix(route), now, request));
      case IMAGES -> only("GET", method, () -> {
        existing(galleryId(route), "Microsoft.Compute/galleries/" + route.gallery(), route);
        return list(ResourceKind.IMAGE_DEFINITION, galleryId(route) + "/images/", now, request);
      });
      case VERSIONS -> only("GET", method, () -> {
        existing(imageId(route), imageType(route), route);
        return list(ResourceKind.IMAGE_VERSION, imageId(route) + "/versions/", now, request);
      });
      case GALLERY, IMAGE, VERSION -> switch (method) {
        case "GET" -> ArmResponse.of(200, render(existing(id(route), type(route), route), now, request));
        case "PUT" -> put(request, now);
        case "PATCH" -> patch(request, now);
        case "DELETE" -> delete(request, now);
        default -> throw notAllowed(method);
      };
    };
  }

  /** Everything as it is now, and the log of creates and deletes. */
  synchronized Inventory inventory() {
    Instant now = clock.instant();
    settle(now);
    List<InventoryItem> items = new ArrayList<>();
    for (ArmResource resource : resources.values()) {
      items.add(new InventoryItem(resource.kind, resource.id, resource.location,
          resource.provisioningState(now), detail(resource, now)));
    }
    return new Inventory(items, events);
  }

  // ---------------------------------------------------------------------------------- writes

  private ArmResponse put(ArmRequest request, Instant now) {
    Route route = request.route();
    GalleryRules.validateNames(route);
    ObjectNode body = ArmJson.parseObject(request.body());
    String location = ArmJson.text(body, "location");
    if (location == null || location.isBlank()) {
      throw new ArmError(400, "LocationRequired",
          "The location property is required for this definition.");
    }
    ObjectNode properties = body.get("properties") instanceof ObjectNode given
        ? given.deepCopy() : ArmJson.object();
    ObjectNode tags = body.get("tags") instanceof ObjectNode given ? given.deepCopy() : ArmJson.object();
    ArmResource parent = parentOf(route);
    if (parent != null && !sameRegion(parent.location, location)) {
      // The service keeps a definition and its versions in their gallery's region.
      throw ArmError.invalidParameter("location", "The location '" + location + "' of '"
          + lastName(route) + "' must be the location of its parent '" + parent.name + "' ('"
          + parent.location + "').");
    }
    ArmResource existing = resources.get(ArmResource.key(id(route)));
    ResourceKind kind = kind(route);
    GalleryRules.validate(kind, properties, location, existing);
    if (existing == null) {
      return create(request, kind, location, tags, properties, now);
    }
    if (!sameRegion(existing.location, location)) {
      throw new ArmError(400, "InvalidResourceLocation", "The resource '" + existing.name
          + "' already exists in location '" + existing.location + "' in resource group '"
          + route.resourceGroup() + "'. A resource with the same name cannot be created in location '"
          + location + "'. Please select a new resource name.");
    }
    refuseWhileBusy(existing, now, "PUT");
    existing.tags = tags;
    return update(request, existing, properties, now);
  }

  private ArmResponse patch(ArmRequest request, Instant now) {
    Route route = request.route();
    ArmResource existing = existing(id(route), type(route), route);
    refuseWhileBusy(existing, now, "PATCH");
    ObjectNode body = ArmJson.parseObject(request.body());
    ObjectNode properties = existing.properties.deepCopy();
    if (body.get("properties") instanceof ObjectNode changes) {
      ArmJson.merge(properties, changes);
    }
    GalleryRules.validate(existing.kind, properties, existing.location, existing);
    if (body.get("tags") instanceof ObjectNode tags) {
      existing.tags = tags.deepCopy();
    }
    return update(request, existing, properties, now);
  }

  private ArmResponse create(ArmRequest request, ResourceKind kind, String location,
      ObjectNode tags, ObjectNode properties, Instant now) {
    Route route = request.route();
    ArmResource resource = new ArmResource(kind, id(route), lastName(route), location, now, tags,
        properties);
    LocalArmConfig settings = config.get();
    Instant due;
    ArmError error = null;
    if (kind == ResourceKind.IMAGE_VERSION) {
      due = now.plus(settings.delays().versionCreation());
      for (String region : targetRegionNames(properties, location)) {
        resource.replication.put(Regions.normalize(region), new Replication(region, now, due,
            faults.replicationFails(region) ? replicationFailure(resource, region) : null));
      }
      if (faults.versionFails(resource.name)) {
        error = new ArmError(500, "InternalOperationError",
            "An internal execution error occurred. Please retry later.");
      } else {
        error = firstReplicationError(resource);
      }
    } else {
      due = now.plus(settings.delays().provisioning());
    }
    resource.operation = startOperation(Verb.CREATE, resource, now, due, error);
    resources.put(resource.key(), resource);
    events.add(new ResourceEvent(now, kind, resource.id, ResourceEvent.Change.CREATED));
    return withOperationHeaders(ArmResponse.of(201, render(resource, now, request)), resource.operation,
        request, false);
  }

  private ArmResponse update(ArmRequest request, ArmResource resource, ObjectNode properties,
      Instant now) {
    LocalArmConfig settings = config.get();
    Instant due = now.plus(settings.delays().provisioning());
    ArmError error = null;
    if (resource.kind == ResourceKind.IMAGE_VERSION
        && ArmJson.at(properties, "publishingProfile", "targetRegions") != null) {
      List<String> regions = targetRegionNames(properties, resource.location);
      List<String> wanted = regions.stream().map(Regions::normalize).toList();
      resource.replication.keySet().removeIf(region -> !wanted.contains(region));
      Instant replicated = now.plus(settings.delays().replication());
      for (String region : regions) {
        if (!resource.replication.containsKey(Regions.normalize(region))) {
          ArmError failure = faults.replicationFails(region) ? replicationFailure(resource, region) : null;
          resource.replication.put(Regions.normalize(region),
              new Replication(region, now, replicated, failure));
          if (replicated.isAfter(due)) {
            due = replicated;
          }
          if (failure != null && error == null) {
            error = failure;
          }
        }
      }
    }
    resource.properties = properties;
    resource.operation = startOperation(Verb.UPDATE, resource, now, due, error);
    return withOperationHeaders(ArmResponse.of(200, render(resource, now, request)), resource.operation,
        request, false);
  }

  private ArmResponse delete(ArmRequest request, Instant now) {
    Route route = request.route();
    ArmResource resource = resources.get(ArmResource.key(id(route)));
    if (resource == null) {
      return ArmResponse.of(204, null);
    }
    if (resource.operation != null && resource.operation.verb() == Verb.DELETE) {
      return withOperationHeaders(ArmResponse.of(202, null), resource.operation, request, true);
    }
    String childPrefix = resource.key() + "/";
    List<String> children = resources.keySet().stream().filter(key -> key.startsWith(childPrefix))
        .toList();
    if (!children.isEmpty()) {
      // ARM's generic refusal; the service refuses to delete a gallery or definition that is not empty.
      throw new ArmError(409, "CannotDeleteResource", "Can not delete resource before nested"
          + " resources are deleted: '" + resource.id + "' still holds " + children.size()
          + " resource(s).");
    }
    // A delete is accepted in any provisioning state; a create or update it cuts short fails, so
    // that whoever polls it does not see a success for what is going away.
    AsyncOperation running = resource.operation;
    if (running != null && !running.done(now)) {
      operations.put(running.id(), new AsyncOperation(running.id(), running.location(), running.verb(),
          running.resourceKey(), running.startedAt(), now, new ArmError(409, "OperationPreempted",
              "The operation was preempted by a delete of '" + resource.id + "'.")));
    }
    resource.operation = startOperation(Verb.DELETE, resource, now,
        now.plus(config.get().delays().deletion()), null);
    return withOperationHeaders(ArmResponse.of(202, null), resource.operation, request, true);
  }

  /** Removes what finished deleting, logging when it went. */
  private void settle(Instant now) {
    Iterator<ArmResource> each = resources.values().iterator();
    while (each.hasNext()) {
      ArmResource resource = each.next();
      if (resource.operation != null && resource.operation.verb() == Verb.DELETE
          && resource.operation.done(now)) {
        each.remove();
        events.add(new ResourceEvent(resource.operation.dueAt(), resource.kind, resource.id,
            ResourceEvent.Change.DELETED));
      }
    }
  }

  private AsyncOperation startOperation(Verb verb, ArmResource resource, Instant now, Instant due,
      ArmError error) {
    AsyncOperation operation = new AsyncOperation(UUID.randomUUID().toString(),
        Regions.normalize(resource.location), verb, resource.key(), now, due, error);
    operations.put(operation.id(), operation);
    return operation;
  }

  private ArmResponse withOperationHeaders(ArmResponse response, AsyncOperation operation,
      ArmRequest request, boolean withLocation) {
    String status = operationUrl(request, operation, false);
    ArmResponse answer = withRetryAfter(response.withHeader("Azure-AsyncOperation", status));
    return withLocation ? answer.withHeader("Location", operationUrl(request, operation, true)) : answer;
  }

  /** Zero sends none: clients then poll at their own interval (the Java SDK's is 30 s). */
  private ArmResponse withRetryAfter(ArmResponse response) {
    long seconds = config.get().retryAfter().toSeconds();
    return seconds == 0 ? response : response.withHeader("Retry-After", Long.toString(seconds));
  }

  private String operationUrl(ArmRequest request, AsyncOperation operation, boolean monitor) {
    URI base = request.endpoint();
    return base + subscriptionPath() + "/providers/Microsoft.Compute/locations/" + operation.location()
        + "/capsOperations/" + operation.id() + "?" + (monitor ? "monitor=true&" : "")
        + "api-version=" + request.apiVersion();
  }

  /**
   * The status resource of {@code Azure-AsyncOperation}, or with {@code monitor=true} the {@code
   * Location} protocol: 202 while running, then 200 with the resource (204 for a delete), or the
   * operation's error.
   */
  private ArmResponse operationStatus(ArmRequest request, Instant now) {
    AsyncOperation operation = operations.get(request.route().operationId());
    if (operation == null) {
      throw new ArmError(404, "ResourceNotFound", "The operation '" + request.route().operationId()
          + "' was not found.");
    }
    if (!"true".equalsIgnoreCase(request.query().get("monitor"))) {
      return withRetryAfter(ArmResponse.of(200, operation.render(now)));
    }
    if (!operation.done(now)) {
      return withRetryAfter(ArmResponse.of(202, null)
          .withHeader("Location", operationUrl(request, operation, true)));
    }
    if (operation.error() != null) {
      throw operation.error();
    }
    ArmResource resource = resources.get(operation.resourceKey());
    return operation.verb() == Verb.DELETE || resource == null
        ? ArmResponse.of(204, null) : ArmResponse.of(200, render(resource, now, request));
  }

  private static void refuseWhileBusy(ArmResource resource, Instant now, String method) {
    if (resource.busy(now)) {
      // The service serializes writes to one resource; the code is ARM's usual one for it.
      throw new ArmError(409, "OperationNotAllowed", "Operation '" + method + "' is not allowed on '"
          + resource.id + "' while it is " + resource.provisioningState(now) + ".");
    }
  }

  // ------------------------------------------------------------------------------- rendering

  private ObjectNode render(ArmResource resource, Instant now, ArmRequest request) {
    ObjectNode body = ArmJson.object().put("id", resource.id).put("name", resource.name)
        .put("type", resource.kind.type()).put("location", resource.location);
    if (!resource.tags.isEmpty()) {
      body.set("tags", resource.tags.deepCopy());
    }
    ObjectNode properties = resource.properties.deepCopy();
    switch (resource.kind) {
      case GALLERY -> {
        ObjectNode identifier = objectAt(properties, "identifier");
        identifier.put("uniqueName", config.get().subscriptionId() + "-" + resource.name.toUpperCase());
      }
      case IMAGE_DEFINITION -> {
        if (!properties.hasNonNull("hyperVGeneration")) {
          properties.put("hyperVGeneration", "V1");
        }
        if (!properties.hasNonNull("architecture")) {
          properties.put("architecture", "x64");
        }
      }
      case IMAGE_VERSION -> renderPublishing(resource, properties);
      default -> throw new IllegalStateException(resource.kind.name());
    }
    properties.put("provisioningState", resource.provisioningState(now));
    String expand = request.query().get("$expand");
    if (resource.kind == ResourceKind.IMAGE_VERSION && expand != null
        && expand.toLowerCase().contains("replicationstatus")) {
      properties.set("replicationStatus", replicationStatus(resource, now));
    }
    body.set("properties", properties);
    return body;
  }

  /** The publishing profile with the service's defaults filled in, as it answers it. */
  private static void renderPublishing(ArmResource resource, ObjectNode properties) {
    ObjectNode profile = objectAt(properties, "publishingProfile");
    if (!profile.hasNonNull("replicaCount")) {
      profile.put("replicaCount", 1);
    }
    if (!profile.hasNonNull("storageAccountType")) {
      profile.put("storageAccountType", "Standard_LRS");
    }
    if (!profile.hasNonNull("excludeFromLatest")) {
      profile.put("excludeFromLatest", false);
    }
    profile.put("publishedDate", resource.createdAt.toString());
    if (!(profile.get("targetRegions") instanceof ArrayNode)) {
      profile.set("targetRegions", ArmJson.array().add(ArmJson.object().put("name", resource.location)));
    }
    for (JsonNode region : profile.get("targetRegions")) {
      ObjectNode target = (ObjectNode) region;
      if (!target.hasNonNull("regionalReplicaCount")) {
        target.put("regionalReplicaCount", profile.get("replicaCount").asInt());
      }
      if (!target.hasNonNull("storageAccountType")) {
        target.put("storageAccountType", profile.get("storageAccountType").asText());
      }
    }
  }

  /** The object member {@code name}, made empty when absent. */
  private static ObjectNode objectAt(ObjectNode node, String name) {
    return node.get(name) instanceof ObjectNode existing ? existing : node.putObject(name);
  }

  private static ObjectNode replicationStatus(ArmResource resource, Instant now) {
    ArrayNode summary = ArmJson.array();
    boolean failed = false;
    boolean running = false;
    for (Replication replication : resource.replication.values()) {
      String state = replication.state(now);
      failed |= state.equals("Failed");
      running |= state.equals("Replicating");
      summary.add(ArmJson.object().put("region", replication.region()).put("state", state)
          .put("details", state.equals("Failed") ? replication.error().getMessage() : "")
          .put("progress", replication.progress(now)));
    }
    ObjectNode status = ArmJson.object()
        .put("aggregatedState", failed ? "Failed" : running ? "InProgress" : "Completed");
    status.set("summary", summary);
    return status;
  }

  private ArmResponse list(ResourceKind kind, String prefix, Instant now, ArmRequest request) {
    ArrayNode value = ArmJson.array();
    String lowerPrefix = prefix.toLowerCase();
    for (ArmResource resource : resources.values()) {
      if (resource.kind == kind && resource.key().startsWith(lowerPrefix)) {
        value.add(render(resource, now, request));
      }
    }
    ObjectNode body = ArmJson.object();
    body.set("value", value);
    return ArmResponse.of(200, body);
  }

  private ObjectNode provider() {
    ObjectNode provider = ArmJson.object()
        .put("id", subscriptionPath() + "/providers/" + Route.PROVIDER_NAMESPACE)
        .put("namespace", Route.PROVIDER_NAMESPACE).put("registrationState", "Registered");
    ArrayNode types = provider.putArray("resourceTypes");
    for (String type : List.of("galleries", "galleries/images", "galleries/images/versions",
        "locations/capsOperations")) {
      ObjectNode entry = types.addObject().put("resourceType", type);
      ArrayNode versions = entry.putArray("apiVersions");
      config.get().apiVersions().stream().sorted().forEach(versions::add);
    }
    return provider;
  }

  private static String detail(ArmResource resource, Instant now) {
    if (resource.kind != ResourceKind.IMAGE_VERSION) {
      return "";
    }
    JsonNode excluded = ArmJson.at(resource.properties, "publishingProfile", "excludeFromLatest");
    StringBuilder detail = new StringBuilder("excludeFromLatest=")
        .append(excluded != null && excluded.asBoolean());
    resource.replication.values().forEach(replication -> detail.append("; ")
        .append(replication.region()).append(' ').append(replication.state(now)));
    return detail.toString();
  }

  // ---------------------------------------------------------------------------------- lookups

  private ArmResource existing(String id, String type, Route route) {
    ArmResource resource = resources.get(ArmResource.key(id));
    if (resource == null) {
      throw new ArmError(404, "ResourceNotFound", "The Resource '" + type
          + "' under resource group '" + route.resourceGroup() + "' was not found.");
    }
    return resource;
  }

  /** The gallery or definition a definition or version goes in; 404 when it does not exist. */
  private ArmResource parentOf(Route route) {
    if (route.kind() == Route.Kind.GALLERY) {
      return null;
    }
    ArmResource gallery = resources.get(ArmResource.key(galleryId(route)));
    if (gallery == null) {
      throw parentNotFound(route.gallery());
    }
    if (route.kind() == Route.Kind.IMAGE) {
      return gallery;
    }
    ArmResource image = resources.get(ArmResource.key(imageId(route)));
    if (image == null) {
      throw parentNotFound(route.image());
    }
    return image;
  }

  private static ArmError parentNotFound(String name) {
    return new ArmError(404, "ParentResourceNotFound", "Can not perform requested operation on"
        + " nested resource. Parent resource '" + name + "' not found.");
  }

  private ArmError replicationFailure(ArmResource version, String region) {
    // The service's wording is not documented; the code names what failed.
    return new ArmError(500, "ReplicationFailed", "Replication of gallery image version '"
        + version.name + "' to region '" + region + "' failed.");
  }

  private static ArmError firstReplicationError(ArmResource version) {
    return version.replication.values().stream().map(Replication::error)
        .filter(error -> error != null).findFirst().orElse(null);
  }

  private static List<String> targetRegionNames(ObjectNode properties, String location) {
    JsonNode regions = ArmJson.at(properties, "publishingProfile", "targetRegions");
    if (regions == null || !regions.isArray() || regions.isEmpty()) {
      return List.of(location);
    }
    List<String> names = new ArrayList<>();
    regions.forEach(region -> names.add(region.get("name").asText()));
    return names;
  }

  private static boolean sameRegion(String one, String other) {
    return Regions.normalize(one).equals(Regions.normalize(other));
  }

  private static ArmError notAllowed(String method) {
    return new ArmError(405, "MethodNotAllowed", "The requested resource does not support http method '"
        + method + "'.");
  }

  private static ArmResponse only(String allowed, String method, Supplier<ArmResponse> answer) {
    if (!allowed.equals(method)) {
      throw notAllowed(method);
    }
    return answer.get();
  }

  private String subscriptionPath() {
    return "/subscriptions/" + config.get().subscriptionId();
  }

  private String galleriesPrefix(Route route) {
    return subscriptionPath() + "/resourceGroups/" + route.resourceGroup()
        + "/providers/Microsoft.Compute/galleries/";
  }

  private String galleryId(Route route) {
    return galleriesPrefix(route) + route.gallery();
  }

  private String imageId(Route route) {
    return galleryId(route) + "/images/" + route.image();
  }

  private String id(Route route) {
    return switch (route.kind()) {
      case GALLERY -> galleryId(route);
      case IMAGE -> imageId(route);
      case VERSION -> imageId(route) + "/versions/" + route.version();
      default -> throw new IllegalStateException(route.kind().name());
    };
  }

  private static ResourceKind kind(Route route) {
    return switch (route.kind()) {
      case GALLERY -> ResourceKind.GALLERY;
      case IMAGE -> ResourceKind.IMAGE_DEFINITION;
      case VERSION -> ResourceKind.IMAGE_VERSION;
      default -> throw new IllegalStateException(route.kind().name());
    };
  }

  private static String lastName(Route route) {
    return route.version() != null ? route.version() : route.image() != null ? route.image() : route.gallery();
  }

  private static String imageType(Route route) {
    return "Microsoft.Compute/galleries/" + route.gallery() + "/images/" + route.image();
  }

  private static String type(Route route) {
    return switch (route.kind()) {
      case GALLERY -> "Microsoft.Compute/galleries/" + route.gallery();
      case IMAGE -> imageType(route);
      case VERSION -> imageType(route) + "/versions/" + route.version();
      default -> throw new IllegalStateException(route.kind().name());
    };
  }
}
