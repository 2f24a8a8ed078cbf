package org.imagerelease.activities.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of a message sent for a release event: a version 4 UUID, as fedora-messaging's wire
 * format specifies ({@code uuid.uuid4()}), whose 122 free bits are not drawn at random but taken
 * from the SHA-256 of this project's namespace, the event id and the message's schema. Every
 * attempt to send the same message therefore gives it the same id, so a consumer that remembers
 * ids drops a repeat; to every consumer it is an ordinary UUID4 (version 4, RFC variant), and ids
 * of different events collide no more often than random ones.
 *
 * <p>Why not a header: fedora-messaging's consumers (and datagrepper) deduplicate by message id
 * only, so an id that changes on a retry would be a second message to all of them. Why not a
 * name-based UUID (version 5): the wire format says UUID4.
 */
final class EventMessageId {
  /** The namespace of image-release's event messages; never change it, ids would change. */
  static final UUID NAMESPACE = UUID.fromString("5b0f6c1e-3d2a-4e8b-9c47-a1d2e3f40516");

  private EventMessageId() {}

  static String of(String eventId, String schema) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha256.update(
        ByteBuffer.allocate(16)
            .putLong(NAMESPACE.getMostSignificantBits())
            .putLong(NAMESPACE.getLeastSignificantBits())
            .array());
    sha256.update((eventId + "\n" + schema).getBytes(StandardCharsets.UTF_8));
    ByteBuffer hash = ByteBuffer.wrap(sha256.digest());
    long high = (hash.getLong() & ~0xF000L) | 0x4000L;
    long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
