package org.imagerelease.localcloud.compose;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * A generated compose.
 *
 * @param location the compose directory (Pungi's {@code <topdir>/compose}); holds
 *     {@code metadata/images.json} and the image files at their {@code path}
 * @param composeId e.g. {@code Fedora-42-20261124.n.0}
 * @param images every image listed in images.json, in file order
 * @param disks the disk each arch's Cloud images hold
 */
public record DemoCompose(
    Path location, String composeId, List<ImageArtifact> images, List<DemoDisk> disks) {
  public DemoCompose {
    images = List.copyOf(images);
    disks = List.copyOf(disks);
  }

  /** The compose as a local directory. */
  public ComposeRef composeRef() {
    return new ComposeRef(composeId, location.toString());
  }

  /** The compose as served from {@code baseUri} (e.g. a ComposeHttpServer over {@link #location}). */
  public ComposeRef composeRef(URI baseUri) {
    String base = baseUri.toString();
    return new ComposeRef(composeId, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }

  public Path imagesJson() {
    return location.resolve("metadata/images.json");
  }

  /** The local file of an image. */
  public Path fileOf(ImageArtifact image) {
    return location.resolve(image.path());
  }

  /** The image of that productmd type (e.g. {@code raw-xz}) and arch. */
  public ImageArtifact image(String type, String arch) {
    return images.stream()
        .filter(image -> image.type().equals(type) && image.arch().equals(arch))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + type + " image for " + arch));
  }

  public DemoDisk disk(String arch) {
    return disks.stream()
        .filter(disk -> disk.arch().equals(arch))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no disk for " + arch));
  }
}
