package org.imagerelease.localcloud.azure.arm;

/**
 * One resource as it is now.
 *
 * @param id the ARM resource id
 * @param provisioningState {@code Creating}, {@code Updating}, {@code Succeeded}, {@code Failed}
 *     or {@code Deleting}
 * @param detail for a version its flag and regions, e.g. {@code excludeFromLatest=true; westeurope
 *     Completed}
 */
public record InventoryItem(ResourceKind kind, String id, String location, String provisioningState,
    String detail) {}
