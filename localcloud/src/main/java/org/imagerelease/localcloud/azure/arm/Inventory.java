package org.imagerelease.localcloud.azure.arm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every gallery, image definition and version the endpoint holds, and the log of every create
 * and delete since it started: what tests check to prove that nothing was left behind.
 */
public record Inventory(List<InventoryItem> resources, List<ResourceEvent> events) {

  public Inventory {
    resources = List.copyOf(resources);
    events = List.copyOf(events);
  }

  public List<InventoryItem> of(ResourceKind kind) {
    return resources.stream().filter(item -> item.kind() == kind).toList();
  }

  public List<ResourceEvent> events(ResourceEvent.Change change) {
    return events.stream().filter(event -> event.change() == change).toList();
  }

  /**
   * The ids created and not deleted since the endpoint started (resources seeded before a test
   * took its baseline can be told apart with {@link #events}).
   */
  public List<String> createdAndNotDeleted() {
    Map<String, Integer> balance = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    for (ResourceEvent event : events) {
      String key = event.id().toLowerCase(Locale.ROOT);
      spelling.putIfAbsent(key, event.id());
      balance.merge(key, event.change() == ResourceEvent.Change.CREATED ? 1 : -1, Integer::sum);
    }
    return balance.entrySet().stream().filter(entry -> entry.getValue() > 0)
        .map(entry -> spelling.get(entry.getKey())).toList();
  }

  /** One line per resource, for people. */
  public String format() {
    if (resources.isEmpty()) {
      return "(nothing)\n";
    }
    StringBuilder out = new StringBuilder();
    for (InventoryItem item : resources) {
      out.append(String.format("  %-16s %-10s %-70s %s%n", item.kind().name().toLowerCase(),
          item.provisioningState(), item.id(), item.detail()));
    }
    return out.toString();
  }
}
