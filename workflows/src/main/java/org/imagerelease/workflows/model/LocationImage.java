package org.imagerelease.workflows.model;

import java.util.Map;

/**
 * An image that exists at one location: what a target made and how to find it again.
 *
 * @param ref which image at which location
 * @param resourceId the target's own id: an AMI id, a gallery image version id, a mirror path
 * @param url where users find it once public; empty when the target has no such address
 * @param attributes target-specific details later steps and outgoing messages need
 *     (e.g. snapshot id, image definition); plain strings so workflows stay cloud-agnostic
 */
public record LocationImage(
    ImageAtLocation ref, String resourceId, String url, Map<String, String> attributes) {
  public LocationImage {
    attributes = Map.copyOf(attributes);
    url = url == null ? "" : url;
  }
}
