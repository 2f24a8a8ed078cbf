package org.imagerelease.localcloud.azure.arm;

/** The kinds of resource the local ARM endpoint keeps, with their ARM resource types. */
public enum ResourceKind {
  GALLERY("Microsoft.Compute/galleries"),
  IMAGE_DEFINITION("Microsoft.Compute/galleries/images"),
  IMAGE_VERSION("Microsoft.Compute/galleries/images/versions");

  private final String type;

  ResourceKind(String type) {
    this.type = type;
  }

  /** The {@code type} member of the resource's JSON. */
  public String type() {
    return type;
  }
}
