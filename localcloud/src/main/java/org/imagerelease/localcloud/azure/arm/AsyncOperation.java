package org.imagerelease.localcloud.azure.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A long-running operation, the resource ARM's {@code Azure-AsyncOperation} header points to:
 * {@code InProgress} until {@code dueAt}, then {@code Succeeded}, or {@code Failed} with {@code
 * error} when it was planned to fail.
 */
record AsyncOperation(String id, String location, Verb verb, String resourceKey, Instant startedAt,
    Instant dueAt, ArmError error) {

  enum Verb {
    CREATE("Creating"),
    UPDATE("Updating"),
    DELETE("Deleting");

    private final String provisioningState;

    Verb(String provisioningState) {
      this.provisioningState = provisioningState;
    }

    /** The resource's provisioning state while the operation runs. */
    String provisioningState() {
      return provisioningState;
    }
  }

  boolean done(Instant now) {
    return !now.isBefore(dueAt);
  }

  boolean failed(Instant now) {
    return done(now) && error != null;
  }

  /** {@code InProgress}, {@code Succeeded} or {@code Failed}. */
  String status(Instant now) {
    if (!done(now)) {
      return "InProgress";
    }
    return error == null ? "Succeeded" : "Failed";
  }

  /** The operation status resource, as ARM's async operation guideline shapes it. */
  ObjectNode render(Instant now) {
    ObjectNode body = ArmJson.object().put("name", id).put("status", status(now))
        .put("startTime", startedAt.toString());
    if (done(now)) {
      body.put("endTime", dueAt.toString());
    }
    if (failed(now)) {
      body.set("error", ArmJson.error(error).get("error"));
    }
    return body;
  }
}
