package org.imagerelease.localcloud.aws;

import java.util.List;

/**
 * Every snapshot, AMI, instance and parameter the endpoint holds, per region, with its state,
 * and the log of every create and delete since it started: what tests check to prove that a
 * release left nothing behind, and what the demo prints.
 */
public record Inventory(List<InventoryItem> resources, List<ResourceEvent> events) {

  public Inventory {
    resources = List.copyOf(resources);
    events = List.copyOf(events);
  }

  public List<InventoryItem> in(String region) {
    return resources.stream().filter(item -> item.region().equals(region)).toList();
  }

  public List<InventoryItem> of(ResourceKind kind) {
    return resources.stream().filter(item -> item.kind() == kind).toList();
  }

  /** Everything that still exists (terminated instances do not). */
  public List<InventoryItem> live() {
    return resources.stream().filter(InventoryItem::live).toList();
  }

  public List<ResourceEvent> events(ResourceEvent.Change change) {
    return events.stream().filter(event -> event.change() == change).toList();
  }

  /** One line per resource, grouped by region, for people. */
  public String format() {
    if (resources.isEmpty()) {
      return "(nothing)\n";
    }
    StringBuilder out = new StringBuilder();
    String region = null;
    for (InventoryItem item : resources) {
      if (!item.region().equals(region)) {
        region = item.region();
        out.append(region).append('\n');
      }
      out.append(String.format("  %-9s %-24s %-12s %s%n", item.kind().name().toLowerCase(),
          item.id(), item.state(), item.detail() == null ? "" : item.detail()));
    }
    return out.toString();
  }
}
