package org.imagerelease.activities;

import java.util.ArrayList;
import java.util.List;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.MDC;

/**
 * The project's keys in the logging context (SLF4J MDC), put for the length of one activity or
 * message and removed after, try-with-resources style. Temporal puts its own beside them on an
 * activity's thread: {@code WorkflowId}, {@code RunId}, {@code WorkflowType}, {@code ActivityId},
 * {@code ActivityType}, {@code Attempt}.
 *
 * <p>Only names go in, never a URL or anything else that can carry a credential: every log line
 * repeats the context, and logs are read by more people than the configuration is.
 */
public final class LogContext implements AutoCloseable {
  /** The compose released, e.g. {@code Fedora-42-20261124.n.0}. */
  public static final String COMPOSE_ID = "composeId";
  /** The image's file name in the compose. */
  public static final String IMAGE = "image";
  /** The release target's name, e.g. {@code mirror} or {@code aws}. */
  public static final String TARGET = "target";
  /** Where at the target: an AWS region, a mirror root's name. */
  public static final String LOCATION = "location";

  private final List<MDC.MDCCloseable> entries;

  private LogContext(List<MDC.MDCCloseable> entries) {
    this.entries = entries;
  }

  /** The compose alone: planning, events, test results, a consumed message. */
  public static LogContext ofCompose(String composeId) {
    return of(COMPOSE_ID, composeId);
  }

  /** A compose's work at one target, at every location. */
  public static LogContext ofTarget(String composeId, String target) {
    return of(COMPOSE_ID, composeId, TARGET, target);
  }

  /** One image at one location of one target. */
  public static LogContext of(ImageAtLocation image) {
    return of(COMPOSE_ID, image.composeId(), IMAGE, image.imageName(), TARGET, image.target(), LOCATION, image.location());
  }

  /** Pairs of key and value; a null value is left out, as the MDC takes none. */
  private static LogContext of(String... keysAndValues) {
    List<MDC.MDCCloseable> entries = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        entries.add(MDC.putCloseable(keysAndValues[i], keysAndValues[i + 1]));
      }
    }
    return new LogContext(entries);
  }

  @Override
  public void close() {
    entries.forEach(MDC.MDCCloseable::close);
  }
}
