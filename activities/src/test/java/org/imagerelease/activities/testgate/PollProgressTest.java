package org.imagerelease.activities.testgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.Test;

class PollProgressTest {
  private static final String AMI = "Fedora-Cloud-Base-AmazonEC2-42-1.1.x86_64.raw.xz";
  private static final String VHD = "Fedora-Cloud-Base-Azure-42-1.1.x86_64.vhdfixed.xz";

  @Test
  void resultsDecideOnlyOnceEveryImageHasEveryTestcaseItNeeds() {
    TestQuery query =
        new TestQuery(
            "Fedora-42-20261124.n.0",
            List.of("compose.cloud_autocloud", "compose.cloud_aws_smoke"),
            List.of(AMI, VHD),
            Duration.ofMinutes(5),
            Map.of(AMI, List.of("compose.cloud_aws_smoke"), VHD, List.of("compose.cloud_autocloud")));

    PollProgress autocloudOnly =
        PollProgress.none().answered(List.of(passed("compose.cloud_autocloud", AMI), passed("compose.cloud_autocloud", VHD)));
    PollProgress both = autocloudOnly.answered(List.of(passed("compose.cloud_aws_smoke", AMI), passed("compose.cloud_autocloud", VHD)));

    assertThat(autocloudOnly.decides(query)).as("the AMI's own smoke test is missing").isFalse();
    assertThat(both.decides(query)).isTrue();
  }

  @Test
  void withoutPerImageListsEveryImageNeedsEveryTestcase() {
    TestQuery query = new TestQuery("Fedora-42-20261124.n.0", List.of("compose.cloud_autocloud"), List.of(AMI, VHD), Duration.ofMinutes(5));

    assertThat(PollProgress.none().answered(List.of(passed("compose.cloud_autocloud", AMI))).decides(query)).isFalse();
    assertThat(PollProgress.none().answered(List.of(passed("compose.cloud_autocloud", AMI), passed("compose.cloud_autocloud", VHD))).decides(query))
        .isTrue();
  }

  private static TestResult passed(String testcase, String item) {
    return new TestResult(testcase, item, "PASSED", "");
  }
}
