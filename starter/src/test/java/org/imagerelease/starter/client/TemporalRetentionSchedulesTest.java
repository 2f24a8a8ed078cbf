package org.imagerelease.starter.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleRange;
import java.time.LocalTime;
import org.imagerelease.workflows.retention.RetentionRequest;
import org.imagerelease.workflows.retention.RetentionWorkflow;
import org.junit.jupiter.api.Test;

/** The daily retention schedule as it is sent to a cluster (the test server has no Schedules to hold it). */
class TemporalRetentionSchedulesTest {

  @Test
  void startsTheRetentionWorkflowEveryDayAtTheTimeInUtcSkippingWhileOneRuns() {
    Schedule schedule = TemporalRetentionSchedules.daily(LocalTime.of(3, 30), "image-release");

    assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("UTC");
    assertThat(schedule.getSpec().getCalendars()).singleElement().satisfies(calendar -> {
      assertThat(calendar.getHour()).containsExactly(new ScheduleRange(3));
      assertThat(calendar.getMinutes()).containsExactly(new ScheduleRange(30));
    });
    assertThat(schedule.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("Retention");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo(RetentionWorkflow.WORKFLOW_ID);
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("image-release");
    assertThat(action.getArguments().get(0, RetentionRequest.class, RetentionRequest.class))
        .isEqualTo(new RetentionRequest(false, "schedule " + RetentionSchedules.SCHEDULE_ID));
  }
}
