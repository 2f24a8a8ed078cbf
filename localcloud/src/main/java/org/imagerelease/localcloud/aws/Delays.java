package org.imagerelease.localcloud.aws;

import java.time.Duration;

/**
 * How long each state change takes, counted from the request that starts it. AWS takes minutes
 * to hours for most of these; the defaults are seconds so that a demo moves, and tests set
 * milliseconds.
 *
 * @param snapshotCompletion CompleteSnapshot until the snapshot is {@code completed}
 * @param imageAvailable RegisterImage until the AMI is {@code available}
 * @param imageCopy CopyImage until the copy and its snapshots are {@code available}/{@code completed}
 * @param instanceRunning RunInstances until the instance is {@code running}
 * @param statusChecks running until both status checks are {@code ok}
 * @param consoleOutput running until the console output shows the marker
 * @param instanceTermination TerminateInstances until the instance is {@code terminated}
 * @param parameterValidation PutParameter with data type {@code aws:ec2:image} until the write is
 *     validated and either applied or dropped
 * @param blockPublicAccessChange Enable/DisableImageBlockPublicAccess until the state changes
 *     (AWS: up to 10 minutes)
 */
public record Delays(Duration snapshotCompletion, Duration imageAvailable, Duration imageCopy,
    Duration instanceRunning, Duration statusChecks, Duration consoleOutput,
    Duration instanceTermination, Duration parameterValidation,
    Duration blockPublicAccessChange) {

  public Delays {
    for (Duration delay : new Duration[] {snapshotCompletion, imageAvailable, imageCopy,
        instanceRunning, statusChecks, consoleOutput, instanceTermination, parameterValidation,
        blockPublicAccessChange}) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("every delay must be zero or more: " + delay);
      }
    }
  }

  /** Every state change after the same delay. */
  public static Delays all(Duration delay) {
    return new Delays(delay, delay, delay, delay, delay, delay, delay, delay, delay);
  }

  /** Seconds, in AWS's order of magnitude relative to each other, for the demo. */
  public static Delays demo() {
    return new Delays(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ZERO);
  }

  public Delays withSnapshotCompletion(Duration delay) {
    return new Delays(delay, imageAvailable, imageCopy, instanceRunning, statusChecks,
        consoleOutput, instanceTermination, parameterValidation, blockPublicAccessChange);
  }

  public Delays withImageAvailable(Duration delay) {
    return new Delays(snapshotCompletion, delay, imageCopy, instanceRunning, statusChecks,
        consoleOutput, instanceTermination, parameterValidation, blockPublicAccessChange);
  }

  public Delays withImageCopy(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, delay, instanceRunning, statusChecks,
        consoleOutput, instanceTermination, parameterValidation, blockPublicAccessChange);
  }

  public Delays withInstanceRunning(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, imageCopy, delay, statusChecks,
        consoleOutput, instanceTermination, parameterValidation, blockPublicAccessChange);
  }

  public Delays withStatusChecks(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, imageCopy, instanceRunning, delay,
        consoleOutput, instanceTermination, parameterValidation, blockPublicAccessChange);
  }

  public Delays withConsoleOutput(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, imageCopy, instanceRunning,
        statusChecks, delay, instanceTermination, parameterValidation, blockPublicAccessChange);
  }

  public Delays withInstanceTermination(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, imageCopy, instanceRunning,
        statusChecks, consoleOutput, delay, parameterValidation, blockPublicAccessChange);
  }

  public Delays withParameterValidation(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, imageCopy, instanceRunning,
        statusChecks, consoleOutput, instanceTermination, delay, blockPublicAccessChange);
  }

  public Delays withBlockPublicAccessChange(Duration delay) {
    return new Delays(snapshotCompletion, imageAvailable, imageCopy, instanceRunning,
        statusChecks, consoleOutput, instanceTermination, parameterValidation, delay);
  }
}
