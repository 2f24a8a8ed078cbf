package org.imagerelease.activities.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.events.EventFixtures.COMPOSE_ID;
import static org.imagerelease.activities.events.EventFixtures.QCOW2_AARCH64;

import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.imagerelease.workflows.EventActivities;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventActivitiesImplTest {
  private final RecordingMessagePublisher broker = new RecordingMessagePublisher();
  private final BusEventPublisher bus =
      new BusEventPublisher(broker, new ReleaseEventMessages(Clock.systemUTC()));
  private final FailingOnce listener = new FailingOnce();
  private final ReleaseEvent event =
      EventFixtures.uploaded(EventFixtures.located(COMPOSE_ID, "mirror", "local", QCOW2_AARCH64, "p", "", Map.of()));
  private final TestActivityEnvironment env =
      TestActivityEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build());

  @AfterEach
  void close() {
    env.close();
  }

  /** A publisher after the bus that fails its first call, as a listener that is briefly down. */
  static final class FailingOnce implements ReleaseEventPublisher {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void publish(ReleaseEvent event) throws IOException {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("listener briefly down");
      }
    }

    @Override
    public String name() {
      return "listener";
    }
  }

  @Test
  void aRetryDoesNotSendAgainWhatAnEarlierAttemptHadConfirmed() {
    env.registerActivitiesImplementations(new EventActivitiesImpl(List.of(bus, listener)));
    AtomicReference<EventProgress> recorded = new AtomicReference<>();
    env.setActivityHeartbeatListener(EventProgress.class, recorded::set);
    EventActivities activities = env.newActivityStub(EventActivities.class);

    assertThatThrownBy(() -> activities.publishEvent(event)).isInstanceOf(ActivityFailure.class);
    assertThat(broker.confirmed).hasSize(1);
    assertThat(recorded.get().confirmedBy()).containsExactly("bus");

    env.setHeartbeatDetails(recorded.get());
    activities.publishEvent(event);

    assertThat(broker.confirmed).hasSize(1);
    assertThat(listener.calls).hasValue(2);
    assertThat(recorded.get().confirmedBy()).containsExactly("bus", "listener");
  }

  @Test
  void withoutEarlierProgressEveryPublisherGetsTheEvent() {
    env.registerActivitiesImplementations(new EventActivitiesImpl(List.of(bus, new LoggingEventPublisher())));

    env.newActivityStub(EventActivities.class).publishEvent(event);

    assertThat(broker.confirmed).hasSize(1);
  }

  @Test
  void publishersOfTheSameNameAreToldApart() {
    RecordingMessagePublisher second = new RecordingMessagePublisher();
    BusEventPublisher otherBus = new BusEventPublisher(second, new ReleaseEventMessages(Clock.systemUTC()));
    env.registerActivitiesImplementations(new EventActivitiesImpl(List.of(bus, otherBus)));
    env.setHeartbeatDetails(new EventProgress(event.eventId(), List.of("bus")));

    env.newActivityStub(EventActivities.class).publishEvent(event);

    assertThat(broker.confirmed).isEmpty();
    assertThat(second.confirmed).hasSize(1);
  }

  @WorkflowInterface
  public interface AnnouncingWorkflow {
    @WorkflowMethod
    void announce(ReleaseEvent event);
  }

  /** Calls the activity as the release does: retried by Temporal until it succeeds. */
  public static final class AnnouncingWorkflowImpl implements AnnouncingWorkflow {
    @Override
    public void announce(ReleaseEvent event) {
      Workflow.newActivityStub(
              EventActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setMaximumAttempts(5).build())
                  .build())
          .publishEvent(event);
    }
  }

  /** The server, not the test, carries the progress of the failed attempt to the next one. */
  @Test
  void temporalsOwnRetryCarriesTheProgressOfTheFailedAttempt() {
    try (TestWorkflowEnvironment server =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build())) {
      Worker worker = server.newWorker("events");
      worker.registerWorkflowImplementationTypes(AnnouncingWorkflowImpl.class);
      worker.registerActivitiesImplementations(new EventActivitiesImpl(List.of(bus, listener)));
      server.start();

      server.getWorkflowClient()
          .newWorkflowStub(AnnouncingWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue("events").build())
          .announce(event);

      assertThat(listener.calls).hasValue(2);
      assertThat(broker.confirmed).hasSize(1);
    }
  }
}
