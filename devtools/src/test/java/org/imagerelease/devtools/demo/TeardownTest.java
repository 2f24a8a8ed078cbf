package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownTest {
  private final List<String> closed = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();

  @Test
  void stopsNewestFirstOnceAndGoesOnPastAFailure() {
    Teardown teardown = new Teardown(notices::add);
    teardown.add("removing the work directory", () -> closed.add("workspace"));
    teardown.add("stopping the embedded Temporal server", () -> {
      closed.add("temporal");
      throw new IllegalStateException("did not stop cleanly");
    });
    teardown.add("stopping the worker", () -> closed.add("worker"));

    teardown.close();
    teardown.close();

    assertThat(closed).containsExactly("worker", "temporal", "workspace");
    assertThat(notices).as("only an interrupted demo says what it stops").isEmpty();
  }

  @Test
  void aResourceStartedWhileStoppingIsStoppedAtOnce() {
    Teardown teardown = new Teardown(notices::add);
    teardown.close();

    assertThatThrownBy(() -> teardown.add("stopping the worker", () -> closed.add("worker")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("worker");
  }
}
