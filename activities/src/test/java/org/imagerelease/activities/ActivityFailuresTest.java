package org.imagerelease.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;

class ActivityFailuresTest {

  @Test
  void turnsReleaseExceptionIntoNonRetryableFailureOfItsType() {
    var cause = new IOException("disk said no");

    assertThatThrownBy(
            () ->
                ActivityFailures.run(
                    () -> {
                      throw new ReleaseException(
                          ReleaseFailureTypes.CHECKSUM_MISMATCH, "image x: bad sum", cause);
                    }))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(ReleaseFailureTypes.CHECKSUM_MISMATCH);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).isEqualTo("image x: bad sum");
              assertThat(failure.getCause()).isSameAs(cause);
            });
  }

  @Test
  void leavesCheckedExceptionsRetryable() {
    var transientFailure = new IOException("connection reset");

    assertThatThrownBy(
            () ->
                ActivityFailures.call(
                    () -> {
                      throw transientFailure;
                    }))
        .isNotInstanceOf(ApplicationFailure.class)
        .hasCause(transientFailure);
  }

  @Test
  void passesResultsThrough() {
    assertThat(ActivityFailures.call(() -> "plan")).isEqualTo("plan");
  }
}
