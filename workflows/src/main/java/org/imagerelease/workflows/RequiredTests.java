package org.imagerelease.workflows;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.LocationImage;

/**
 * The testcases each uploaded image must pass: its targets' lists together (an image file can go
 * to several targets, and test systems report by file name).
 */
record RequiredTests(Map<String, List<String>> byImage) {
  RequiredTests {
    byImage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byImage));
  }

  static RequiredTests of(GateSettings settings, List<LocationImage> uploaded) {
    Map<String, Set<String>> testcases = new LinkedHashMap<>();
    for (LocationImage image : uploaded) {
      testcases
          .computeIfAbsent(image.ref().imageName(), name -> new LinkedHashSet<>())
          .addAll(settings.testcasesFor(image.ref().target()));
    }
    Map<String, List<String>> byImage = new LinkedHashMap<>();
    testcases.forEach((image, names) -> byImage.put(image, List.copyOf(names)));
    return new RequiredTests(byImage);
  }

  /** The images, in upload order. */
  List<String> images() {
    return List.copyOf(byImage.keySet());
  }

  List<String> testcasesOf(String image) {
    return byImage.getOrDefault(image, List.of());
  }

  /** Every testcase some image needs, in first-seen order. */
  List<String> allTestcases() {
    Set<String> all = new LinkedHashSet<>();
    byImage.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  /** Whether images differ in what they need, so a query must say it per image. */
  boolean differByImage() {
    return byImage.values().stream().distinct().count() > 1;
  }
}
