package org.imagerelease.worker;

import java.util.List;
import java.util.function.UnaryOperator;
import org.imagerelease.activities.events.ReleaseEventPublisher;
import org.imagerelease.activities.transfer.ImageTransfer;

/**
 * What an embedding program adds to a worker beyond its configuration: the demo's local test
 * system listens to release events; a test watches every block a transfer hands its sink.
 *
 * @param eventPublishers published to after the log
 * @param transferWrapper wraps the transfer pipeline the targets use
 */
public record WorkerExtras(List<ReleaseEventPublisher> eventPublishers, UnaryOperator<ImageTransfer> transferWrapper) {
  public WorkerExtras {
    eventPublishers = List.copyOf(eventPublishers);
  }

  public static WorkerExtras none() {
    return new WorkerExtras(List.of(), UnaryOperator.identity());
  }

  public static WorkerExtras publishingTo(ReleaseEventPublisher publisher) {
    return new WorkerExtras(List.of(publisher), UnaryOperator.identity());
  }
}
