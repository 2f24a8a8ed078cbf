package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.Map;

/**
 * An image that exists at one location: what a target made and how to find it again.
 *
 * @param ref which image at which location
 * @param resourceId the target's own id: an AMI id, a gallery image version id, a mirror path
 * @param url where users find it once public; empty when the target has no such address
 * @param attributes target-specific details later steps and outgoing messages need
 *     (e.g. snapshot id, image definition); plain strings so workflows stay cloud-agnostic
 * @param pending null when the image is ready for the next step; otherwise what the target is
 *     still doing with it (a snapshot completing, a copy in flight) and when to look again. The
 *     release waits for it on a timer, holding no worker slot, and asks the target again
 */
public record LocationImage(
    ImageAtLocation ref, String resourceId, String url, Map<String, String> attributes, Pending pending) {

  /**
   * What a target still does with an image before it is ready.
   *
   * @param what e.g. {@code snapshot snap-0a1b completing (40%)}, for the status query
   * @param checkAgainIn how long the release waits before it asks again
   */
  public record Pending(String what, Duration checkAgainIn) {
    public Pending {
      what = what == null ? "" : what;
      if (checkAgainIn == null || checkAgainIn.isNegative() || checkAgainIn.isZero()) {
        checkAgainIn = Duration.ofSeconds(30);
      }
    }
  }

  public LocationImage {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    resourceId = resourceId == null ? "" : resourceId;
    url = url == null ? "" : url;
  }

  /**
   * The attribute prefix under which a target reports a test of its own (an AWS smoke test):
   * {@code testResult:<testcase>} = {@code PASSED} or {@code FAILED}. The release records it
   * like a result from ResultsDB, for the gate to weigh.
   */
  public static final String TEST_RESULT = "testResult:";

  /** An image ready for the next step. */
  public LocationImage(ImageAtLocation ref, String resourceId, String url, Map<String, String> attributes) {
    this(ref, resourceId, url, attributes, null);
  }

  /** Whether the target is still preparing the image (not named isX: that would be a JSON property). */
  public boolean waitsForTarget() {
    return pending != null;
  }

  /** The same image, still being prepared by its target. */
  public LocationImage stillPending(String what, Duration checkAgainIn) {
    return new LocationImage(ref, resourceId, url, attributes, new Pending(what, checkAgainIn));
  }

  /** The results of the target's own tests of this image, as test results of the image. */
  public java.util.List<TestResult> targetTestResults() {
    return attributes.entrySet().stream()
        .filter(e -> e.getKey().startsWith(TEST_RESULT))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new TestResult(e.getKey().substring(TEST_RESULT.length()), ref.imageName(), e.getValue(), ""))
        .toList();
  }

  /** The same image, ready. */
  public LocationImage asReady() {
    return new LocationImage(ref, resourceId, url, attributes, null);
  }
}
