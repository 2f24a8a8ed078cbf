package org.imagerelease.workflows.model;

import java.util.List;

/**
 * One rule of the test gate: which images it covers and what their release waits for. An image
 * (going to one target) is covered by the first rule that matches it. Every list of the match is
 * empty (any value) or holds the image's value, compared exactly as productmd writes it.
 *
 * <p>A {@code tests} rule names whose results count: {@code testcases} of the image itself (e.g.
 * the Cloud_Base qcow2 openQA tests, or a check a target runs on its own copy such as a cloud
 * smoke test), and {@code siblingTestcases} of its sibling: the one image of the same compose
 * with the same subvariant and arch that {@code siblingTypes} and {@code siblingFormats} pick
 * (the AMI carries the bits of the tested qcow2). Both lists may be given; every result must pass.
 *
 * @param name how plans and decisions name the rule
 * @param variants compose variants, e.g. {@code Cloud}
 * @param subvariants e.g. {@code Cloud_Base}
 * @param types productmd image types, e.g. {@code raw-xz}
 * @param formats productmd formats, e.g. {@code raw.xz}
 * @param arches e.g. {@code x86_64}
 * @param targets release targets the image goes to, e.g. {@code aws}
 * @param policy what the covered images wait for
 * @param testcases testcases whose results of the image itself must pass ({@code tests} only)
 * @param siblingTestcases testcases whose results of the sibling must pass ({@code tests} only)
 * @param siblingTypes the sibling's type; empty: any
 * @param siblingFormats the sibling's format; empty: any
 */
public record GateRule(
    String name,
    List<String> variants,
    List<String> subvariants,
    List<String> types,
    List<String> formats,
    List<String> arches,
    List<String> targets,
    ImageGatePolicy policy,
    List<String> testcases,
    List<String> siblingTestcases,
    List<String> siblingTypes,
    List<String> siblingFormats) {

  public GateRule {
    name = name == null ? "" : name;
    variants = copy(variants);
    subvariants = copy(subvariants);
    types = copy(types);
    formats = copy(formats);
    arches = copy(arches);
    targets = copy(targets);
    policy = policy == null ? ImageGatePolicy.TESTS : policy;
    testcases = copy(testcases);
    siblingTestcases = copy(siblingTestcases);
    siblingTypes = copy(siblingTypes);
    siblingFormats = copy(siblingFormats);
    if (policy == ImageGatePolicy.TESTS && testcases.isEmpty() && siblingTestcases.isEmpty()) {
      throw new IllegalArgumentException("gate rule '" + name + "' has policy tests but names no testcases of the image or of its sibling");
    }
    if (policy != ImageGatePolicy.TESTS && !(testcases.isEmpty() && siblingTestcases.isEmpty())) {
      throw new IllegalArgumentException("gate rule '" + name + "' has policy " + policy.configName() + ", which awaits no testcases, but names some");
    }
  }

  /** Whether the rule covers this image going to this target. */
  public boolean covers(String target, ImageArtifact image) {
    return allows(targets, target)
        && allows(variants, image.variant())
        && allows(subvariants, image.subvariant())
        && allows(types, image.type())
        && allows(formats, image.format())
        && allows(arches, image.arch());
  }

  /** Whether {@code candidate} is the sibling whose results count for {@code image}. */
  public boolean isSiblingOf(ImageArtifact candidate, ImageArtifact image) {
    return !candidate.path().equals(image.path())
        && candidate.subvariant().equals(image.subvariant())
        && candidate.arch().equals(image.arch())
        && allows(siblingTypes, candidate.type())
        && allows(siblingFormats, candidate.format());
  }

  /** The sibling, in words, e.g. {@code the qcow2/qcow2 image of the same subvariant and arch}. */
  public String describeSibling() {
    String type = siblingTypes.isEmpty() ? "any type" : String.join("|", siblingTypes);
    String format = siblingFormats.isEmpty() ? "any format" : String.join("|", siblingFormats);
    return "the " + type + " (" + format + ") image of the same subvariant and arch";
  }

  private static boolean allows(List<String> wanted, String value) {
    return wanted.isEmpty() || wanted.contains(value);
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }
}
