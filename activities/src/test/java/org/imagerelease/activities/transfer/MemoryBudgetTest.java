package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  private final MemoryBudget budget = new MemoryBudget(100);

  @Test
  void grantsWhatIsWantedWhileItIsFree() throws Exception {
    try (MemoryBudget.Grant grant = budget.acquire(10, 60, Duration.ofSeconds(1))) {
      assertThat(grant.bytes()).isEqualTo(60);
      assertThat(budget.inUse()).isEqualTo(60);
    }
    assertThat(budget.inUse()).isZero();
    assertThat(budget.peak()).isEqualTo(60);
  }

  @Test
  void aLaterTransferGetsWhatIsLeftButNoLessThanItsLeast() throws Exception {
    try (MemoryBudget.Grant first = budget.acquire(10, 70, Duration.ofSeconds(1));
        MemoryBudget.Grant second = budget.acquire(10, 70, Duration.ofSeconds(1))) {
      assertThat(first.bytes()).isEqualTo(70);
      assertThat(second.bytes()).isEqualTo(30);
      assertThat(budget.peak()).isEqualTo(100);
    }
  }

  @Test
  void aTransferWaitsUntilItsLeastIsFree() throws Exception {
    MemoryBudget.Grant first = budget.acquire(90, 90, Duration.ofSeconds(1));
    CompletableFuture<Long> second =
        CompletableFuture.supplyAsync(
            () -> {
              try (MemoryBudget.Grant grant = budget.acquire(50, 50, Duration.ofSeconds(30))) {
                return grant.bytes();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(100);
    assertThat(second).as("waits while only 10 are free").isNotDone();

    first.close();

    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(50);
  }

  @Test
  void waitingTooLongIsAFailureAnotherAttemptMayNotHave() throws Exception {
    try (MemoryBudget.Grant first = budget.acquire(90, 90, Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> budget.acquire(50, 50, Duration.ofMillis(50)))
          .isInstanceOf(MemoryBudgetExhaustedException.class)
          .hasMessageContaining("had not 50 free");
    }
  }

  @Test
  void needingMoreThanTheWholeBudgetIsAConfigurationError() {
    assertThatThrownBy(() -> budget.acquire(101, 200, Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("memory_budget");
  }
}
