package org.imagerelease.workflows.model;

/**
 * One image of a compose as productmd's {@code images.json} lists it.
 *
 * @param variant compose variant the image belongs to, e.g. {@code Cloud}
 * @param arch architecture, e.g. {@code x86_64}
 * @param subvariant e.g. {@code Cloud_Base}; empty for metadata version 1.1 files without it
 * @param type productmd image type, e.g. {@code raw-xz}, {@code vhd-compressed}
 * @param format file format, e.g. {@code raw.xz}, {@code vhdfixed.xz}
 * @param path path relative to the compose top directory
 * @param size size of the file as published (compressed bytes)
 * @param sha256 lower-case hex SHA-256 of the file as published
 */
public record ImageArtifact(
    String variant,
    String arch,
    String subvariant,
    String type,
    String format,
    String path,
    long size,
    String sha256) {

  /** The file name, which ResultsDB and the test systems use as the image's identity. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
