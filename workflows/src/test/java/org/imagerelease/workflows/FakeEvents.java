package org.imagerelease.workflows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;

/** Records events and lets a test play the test system that reacts to them. */
final class FakeEvents implements EventActivities {
  final List<ReleaseEvent> published = Collections.synchronizedList(new ArrayList<>());
  volatile Consumer<ReleaseEvent> onEvent = event -> {};

  @Override
  public void publishEvent(ReleaseEvent event) {
    published.add(event);
    onEvent.accept(event);
  }

  /** The latest event of this kind. */
  ReleaseEvent last(ReleaseEventKind kind) {
    synchronized (published) {
      return published.stream().filter(e -> e.kind() == kind).reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no " + kind + " event in " + kinds()));
    }
  }

  List<ReleaseEventKind> kinds() {
    synchronized (published) {
      return published.stream().map(ReleaseEvent::kind).toList();
    }
  }
}
