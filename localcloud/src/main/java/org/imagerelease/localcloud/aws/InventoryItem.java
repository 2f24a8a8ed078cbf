package org.imagerelease.localcloud.aws;

import java.util.Map;

/**
 * One resource as it is now.
 *
 * @param state AWS's word for its state: {@code pending}, {@code completed}, {@code available},
 *     {@code running}, {@code terminated}; for a parameter its version, e.g. {@code version 2}
 * @param detail what it is: a snapshot's description, an AMI's name, an instance's AMI, a
 *     parameter's value
 */
public record InventoryItem(String region, ResourceKind kind, String id, String state,
    String detail, Map<String, String> tags) {

  public InventoryItem {
    tags = Map.copyOf(tags);
  }

  /** Whether it still exists: everything listed but terminated instances. */
  public boolean live() {
    return !(kind == ResourceKind.INSTANCE && state.equals("terminated"));
  }
}
