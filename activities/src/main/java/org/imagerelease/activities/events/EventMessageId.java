package org.imagerelease.activities.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of a message sent for a release event: a name-based UUID (RFC 9562 version 5, SHA-1)
 * of the event id and the message's schema in this project's namespace. Every attempt to send
 * the same message gives it the same id, so a consumer that remembers ids drops a repeat.
 */
final class EventMessageId {
  /** The namespace of image-release's event messages; never change it, ids would change. */
  static final UUID NAMESPACE = UUID.fromString("5b0f6c1e-3d2a-4e8b-9c47-a1d2e3f40516");

  private EventMessageId() {}

  static String of(String eventId, String schema) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
    sha1.update(
        ByteBuffer.allocate(16)
            .putLong(NAMESPACE.getMostSignificantBits())
            .putLong(NAMESPACE.getLeastSignificantBits())
            .array());
    sha1.update((eventId + "\n" + schema).getBytes(StandardCharsets.UTF_8));
    ByteBuffer hash = ByteBuffer.wrap(sha1.digest());
    long high = (hash.getLong() & ~0xF000L) | 0x5000L;
    long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
