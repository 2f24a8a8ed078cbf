package org.imagerelease.activities.compose;

import java.util.List;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * Which images of a compose a target releases. An image is selected when each list is empty or
 * contains the image's value; values are compared exactly, as productmd writes them.
 *
 * @param variants compose variants, e.g. {@code Cloud}
 * @param types productmd image types, e.g. {@code raw-xz}
 * @param formats productmd formats, e.g. {@code raw.xz}
 * @param subvariants e.g. {@code Cloud_Base}
 * @param arches e.g. {@code x86_64}
 */
public record SelectionRule(
    List<String> variants,
    List<String> types,
    List<String> formats,
    List<String> subvariants,
    List<String> arches) {

  public SelectionRule {
    variants = copyOf(variants);
    types = copyOf(types);
    formats = copyOf(formats);
    subvariants = copyOf(subvariants);
    arches = copyOf(arches);
  }

  /** Every image of the compose. */
  public static SelectionRule any() {
    return new SelectionRule(List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** AWS: the Cloud_Base AmazonEC2 {@code raw.xz} of every arch. */
  public static SelectionRule awsDefault() {
    return new SelectionRule(
        List.of(), List.of("raw-xz"), List.of("raw.xz"), List.of("Cloud_Base"), List.of());
  }

  /** Azure: the Cloud_Base {@code vhd-compressed} image in any format productmd allows for it. */
  public static SelectionRule azureDefault() {
    return new SelectionRule(
        List.of(),
        List.of("vhd-compressed"),
        List.of("vhd.xz", "vhdfixed.xz", "vhd.gz"),
        List.of("Cloud_Base"),
        List.of());
  }

  /** The mirror: every image of the Cloud variant. */
  public static SelectionRule mirrorDefault() {
    return new SelectionRule(List.of("Cloud"), List.of(), List.of(), List.of(), List.of());
  }

  /** Reads a {@code selection} table; an absent key keeps the default's list. */
  public static SelectionRule read(TomlTable table, SelectionRule defaults) {
    SelectionRule rule =
        new SelectionRule(
            table.strings("variants", defaults.variants()),
            table.strings("types", defaults.types()),
            table.strings("formats", defaults.formats()),
            table.strings("subvariants", defaults.subvariants()),
            table.strings("arches", defaults.arches()));
    table.rejectUnknownKeys();
    return rule;
  }

  /** Whether the target wants this image. */
  public boolean selects(ImageArtifact image) {
    return allows(variants, image.variant())
        && allows(types, image.type())
        && allows(formats, image.format())
        && allows(subvariants, image.subvariant())
        && allows(arches, image.arch());
  }

  private static boolean allows(List<String> wanted, String value) {
    return wanted.isEmpty() || wanted.contains(value);
  }

  private static List<String> copyOf(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }
}
