package org.imagerelease.workflows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.testgate.AwaitedResult;
import org.imagerelease.workflows.testgate.ImageGate;

/**
 * What the gate waits for, per uploaded image (by file name: an image can go to several targets,
 * and test systems report by file name): the passing results it needs, of itself or of its
 * sibling, and whether a person must approve it because nothing tests it.
 *
 * @param byImage the results each image waits for, in upload order; an image released untested
 *     or waiting for approval only has none
 * @param approvalNeededBy the images only a person's approval lets through
 */
record RequiredTests(Map<String, List<AwaitedResult>> byImage, List<String> approvalNeededBy) {
  RequiredTests {
    byImage = Collections.unmodifiableMap(new LinkedHashMap<>(byImage));
    approvalNeededBy = List.copyOf(approvalNeededBy);
  }

  /** Without rules: each image passes its targets' testcases, its own results. */
  static RequiredTests of(GateSettings settings, List<LocationImage> uploaded) {
    Map<String, Set<AwaitedResult>> awaited = new LinkedHashMap<>();
    for (LocationImage image : uploaded) {
      String name = image.ref().imageName();
      Set<AwaitedResult> results = awaited.computeIfAbsent(name, n -> new LinkedHashSet<>());
      settings.testcasesFor(image.ref().target()).forEach(testcase -> results.add(new AwaitedResult(testcase, name)));
    }
    return new RequiredTests(frozen(awaited), List.of());
  }

  /** With rules: what each uploaded image's gate at each of its targets waits for, together. */
  static RequiredTests of(List<ImageGate> gates, List<LocationImage> uploaded) {
    Map<String, Set<AwaitedResult>> awaited = new LinkedHashMap<>();
    Set<String> approval = new LinkedHashSet<>();
    for (LocationImage image : uploaded) {
      String name = image.ref().imageName();
      Set<AwaitedResult> results = awaited.computeIfAbsent(name, n -> new LinkedHashSet<>());
      for (ImageGate gate : gates) {
        if (gate.imageName().equals(name) && gate.target().equals(image.ref().target())) {
          results.addAll(gate.awaited());
          if (gate.policy() == ImageGatePolicy.APPROVAL) {
            approval.add(name);
          }
        }
      }
    }
    return new RequiredTests(frozen(awaited), List.copyOf(approval));
  }

  /** The images, in upload order. */
  List<String> images() {
    return List.copyOf(byImage.keySet());
  }

  List<AwaitedResult> awaitedOf(String image) {
    return byImage.getOrDefault(image, List.of());
  }

  /** Whether some image can only go through with a person's approval. */
  boolean needsApproval() {
    return !approvalNeededBy.isEmpty();
  }

  /** Whether any result is awaited at all. */
  boolean awaitsResults() {
    return byImage.values().stream().anyMatch(results -> !results.isEmpty());
  }

  /** Every testcase some image needs, in first-seen order. */
  List<String> allTestcases() {
    Set<String> all = new LinkedHashSet<>();
    byImage.values().forEach(results -> results.forEach(result -> all.add(result.testcase())));
    return List.copyOf(all);
  }

  /** The items results are awaited of (file names, ResultsDB's {@code data.item}), each with its testcases, in first-seen order. */
  Map<String, List<String>> testcasesByItem() {
    Map<String, Set<String>> byItem = new LinkedHashMap<>();
    byImage.values().forEach(results -> results.forEach(result -> byItem.computeIfAbsent(result.item(), i -> new LinkedHashSet<>()).add(result.testcase())));
    Map<String, List<String>> lists = new LinkedHashMap<>();
    byItem.forEach((item, testcases) -> lists.put(item, List.copyOf(testcases)));
    return lists;
  }

  private static Map<String, List<AwaitedResult>> frozen(Map<String, Set<AwaitedResult>> awaited) {
    Map<String, List<AwaitedResult>> lists = new LinkedHashMap<>();
    awaited.forEach((image, results) -> lists.put(image, new ArrayList<>(results)));
    lists.replaceAll((image, results) -> List.copyOf(results));
    return lists;
  }
}
