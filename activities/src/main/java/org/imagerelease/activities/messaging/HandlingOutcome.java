package org.imagerelease.activities.messaging;

/** What becomes of an incoming message once a handler looked at it. */
public enum HandlingOutcome {
  /** Done, or deliberately ignored (a state or compose we do not release): acknowledged. */
  ACK,
  /** Malformed or unusable: rejected without requeue, to the dead-letter exchange if any. */
  REJECT,
  /** A failure that may pass (Temporal unreachable): kept, retried with backoff, never dropped. */
  RETRY_LATER
}
