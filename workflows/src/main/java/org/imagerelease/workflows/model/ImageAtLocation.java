package org.imagerelease.workflows.model;

/**
 * The identity of one image at one location of one target, known before anything is created.
 * Targets derive every resource name, tag and idempotency key from it, so an undo can find
 * what a crashed or cancelled attempt made even when it never reported back.
 *
 * @param releaseId the workflow id, {@code release-<composeId>}
 * @param composeId the compose released
 * @param target e.g. {@code mirror}
 * @param location e.g. a region or mirror root name
 * @param image the compose image
 */
public record ImageAtLocation(
    String releaseId, String composeId, String target, String location, ImageArtifact image) {

  public String imageName() {
    return image.fileName();
  }
}
