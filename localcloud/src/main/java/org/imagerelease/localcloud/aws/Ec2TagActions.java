package org.imagerelease.localcloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** EC2's CreateTags, DeleteTags and DescribeTags over snapshots, AMIs and instances. */
final class Ec2TagActions {
  /** One tag of one resource, as DescribeTags lists it; its own tag is itself, for tag:Key filters. */
  private record TagDescription(String id, String resourceType, String key, String value)
      implements Tagged {
    @Override
    public Map<String, String> tags() {
      return Map.of(key, value);
    }
  }

  private static final Map<String, Function<TagDescription, Object>> ATTRIBUTES = Map.of(
      "resource-id", TagDescription::id,
      "resource-type", TagDescription::resourceType,
      "key", TagDescription::key,
      "value", TagDescription::value);

  private final Cloud cloud;

  Ec2TagActions(Cloud cloud) {
    this.cloud = cloud;
  }

  void addTo(Map<String, Ec2Api.Action> actions) {
    actions.put("CreateTags", this::createTags);
    actions.put("DeleteTags", this::deleteTags);
    actions.put("DescribeTags", this::describeTags);
  }

  private void createTags(QueryParams params, String regionName, Xml out) {
    List<String> ids = resourceIds(params);
    Map<String, String> tags = Ec2Api.tags(params, "Tag");
    Region region = cloud.region(regionName);
    synchronized (region) {
      List<Tagged> resources = ids.stream().map(id -> resource(region, id)).toList();
      for (Tagged resource : resources) {
        long total = tags.keySet().stream().filter(key -> !resource.tags().containsKey(key)).count()
            + resource.tags().size();
        if (total > 50) {
          throw ApiError.badRequest("TagLimitExceeded", "The resource " + resource.id()
              + " would have more than 50 tags");
        }
      }
      resources.forEach(resource -> resource.tags().putAll(tags));
    }
    out.element("return", true);
  }

  /** A tag with a value is removed only if the value matches; no tags at all removes every tag. */
  private void deleteTags(QueryParams params, String regionName, Xml out) {
    List<String> ids = resourceIds(params);
    List<QueryParams> tags = params.structs("Tag");
    Region region = cloud.region(regionName);
    synchronized (region) {
      List<Tagged> resources = ids.stream().map(id -> resource(region, id)).toList();
      for (Tagged resource : resources) {
        if (tags.isEmpty()) {
          resource.tags().clear();
        }
        for (QueryParams tag : tags) {
          String key = tag.required("Key");
          String value = tag.get("Value");
          if (value == null || value.equals(resource.tags().get(key))) {
            resource.tags().remove(key);
          }
        }
      }
    }
    out.element("return", true);
  }

  private void describeTags(QueryParams params, String regionName, Xml out) {
    Filters filters = Filters.from(params);
    Region region = cloud.region(regionName);
    List<TagDescription> matching = new ArrayList<>();
    synchronized (region) {
      describe(region.snapshots.values(), "snapshot", filters, matching);
      describe(region.images.values(), "image", filters, matching);
      describe(region.instances.values(), "instance", filters, matching);
    }
    Page<TagDescription> page = Ec2Api.page(matching, params);
    out.open("tagSet");
    page.items().forEach(tag -> out.open("item").element("resourceId", tag.id())
        .element("resourceType", tag.resourceType()).element("key", tag.key())
        .element("value", tag.value()).close());
    out.close().element("nextToken", page.nextToken());
  }

  private static void describe(Iterable<? extends Tagged> resources, String type, Filters filters,
      List<TagDescription> into) {
    for (Tagged resource : resources) {
      resource.tags().forEach((key, value) -> {
        TagDescription tag = new TagDescription(resource.id(), type, key, value);
        if (filters.matches(tag, ATTRIBUTES)) {
          into.add(tag);
        }
      });
    }
  }

  private static List<String> resourceIds(QueryParams params) {
    List<String> ids = params.strings("ResourceId");
    if (ids.isEmpty()) {
      throw Ec2Errors.missingParameter("ResourceId");
    }
    return ids;
  }

  private static Tagged resource(Region region, String id) {
    Tagged resource = region.tagged(id);
    if (resource != null) {
      return resource;
    }
    if (id.startsWith("snap-")) {
      throw Ec2Errors.snapshotNotFound(id);
    }
    if (id.startsWith("ami-")) {
      throw Ec2Errors.imageNotFound(id);
    }
    if (id.startsWith("i-")) {
      throw Ec2Errors.instanceNotFound(id);
    }
    throw ApiError.badRequest("InvalidID", "The ID '" + id + "' is not valid");
  }
}
