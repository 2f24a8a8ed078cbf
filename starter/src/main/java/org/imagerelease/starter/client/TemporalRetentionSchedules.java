package org.imagerelease.starter.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.LocalTime;
import java.util.List;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.retention.RetentionRequest;
import org.imagerelease.workflows.retention.RetentionWorkflow;

/** The daily retention run as a Temporal Schedule, in UTC, never two at once. */
public final class TemporalRetentionSchedules implements RetentionSchedules {
  private final ScheduleClient schedules;
  private final String taskQueue;

  public TemporalRetentionSchedules(WorkflowServiceStubs service, String namespace, String taskQueue) {
    this.schedules =
        ScheduleClient.newInstance(
            service, ScheduleClientOptions.newBuilder().setNamespace(namespace).setDataConverter(ReleaseDataConverter.INSTANCE).build());
    this.taskQueue = taskQueue;
  }

  @Override
  public boolean installDaily(LocalTime at) {
    Schedule schedule = daily(at, taskQueue);
    try {
      schedules.createSchedule(SCHEDULE_ID, schedule, ScheduleOptions.newBuilder().build());
      return true;
    } catch (ScheduleAlreadyRunningException e) {
      schedules.getHandle(SCHEDULE_ID).update(input -> new ScheduleUpdate(schedule));
      return false;
    } catch (RuntimeException e) {
      if (isUnimplemented(e)) {
        throw new SchedulesUnavailable(
            "this Temporal server has no Schedules (the Java test server of image-release server and the demo does not); install the schedule"
                + " on a Temporal cluster, or run image-release retention run from cron",
            e);
      }
      throw e;
    }
  }

  /** Whether the server said it has no such call; the client may wrap its gRPC status. */
  private static boolean isUnimplemented(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  /** The schedule: {@link RetentionWorkflow} every day at {@code at} UTC, a run still under way skipping the next. */
  static Schedule daily(LocalTime at, String taskQueue) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(RetentionWorkflow.class)
                .setArguments(new RetentionRequest(false, "schedule " + SCHEDULE_ID))
                .setOptions(WorkflowOptions.newBuilder().setWorkflowId(RetentionWorkflow.WORKFLOW_ID).setTaskQueue(taskQueue).build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCalendars(
                    List.of(
                        ScheduleCalendarSpec.newBuilder()
                            .setHour(List.of(new ScheduleRange(at.getHour())))
                            .setMinutes(List.of(new ScheduleRange(at.getMinute())))
                            .build()))
                .setTimeZoneName("UTC")
                .build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .build();
  }
}
