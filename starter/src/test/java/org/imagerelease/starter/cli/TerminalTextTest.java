package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 6: a compose id with a newline and ANSI escapes (a release started by another
 * tool, a message) must not clear the terminal or forge a line in {@code list} and {@code status};
 * a U+202E must not turn a printed name around.
 */
class TerminalTextTest {
  private static final String HOSTILE_ID = "Fedora-42-20261124.n.0\n\u001b[2J\u001b[HFedora-42-20261124.n.1";

  @Test
  void listPrintsAHostileComposeIdEscapedOnItsOwnLine() {
    String table = ListCommand.table(List.of(
        new ReleaseSummary(HOSTILE_ID, "release-x", "run", "RELEASED", "COMPLETED", Instant.parse("2026-11-24T10:00:00Z"), null)));

    assertThat(table).doesNotContain("\u001b").hasLineCount(2);
    assertThat(table.lines().skip(1).findFirst().orElseThrow())
        .startsWith("Fedora-42-20261124.n.0\\u000a\\u001b[2J\\u001b[HFedora-42-20261124.n.1  RELEASED");
  }

  @Test
  void statusEscapesTheComposeIdAndTheLastError() {
    ReleaseStatus status = new ReleaseStatus(
        HOSTILE_ID, ReleaseStage.FAILED, List.of(), null, null, List.of(), "image gpj.\u202eexe.raw failed", List.of(), null);

    String shown = StatusView.render(status, RunningSteps.none(), Instant.now());

    assertThat(shown).doesNotContain("\u001b", "\u202e")
        .startsWith("Release of Fedora-42-20261124.n.0\\u000a\\u001b[2J")
        .contains("last error: image gpj.\\u202eexe.raw failed");
  }

  @Test
  void keepsTheLineBreaksOfAMessageButEscapesWhatIsInItsLines() {
    assertThat(TerminalText.lines("first\u0085line\nsecond \u001b[31mline")).isEqualTo("first\\u0085line\nsecond \\u001b[31mline");
  }

  @Test
  void leavesOrdinaryTextAsItIs() {
    assertThat(TerminalText.of("Fedora-Cloud-Base 41 – Łukasz")).isEqualTo("Fedora-Cloud-Base 41 – Łukasz");
  }
}
