package org.imagerelease.workflows;

/**
 * {@code ApplicationFailure} types activities raise for failures a release engineer must tell
 * apart. Retrying cannot help with any of them, so activity options list them as non-retryable.
 */
public final class ReleaseFailureTypes {
  /** images.json is missing a field, has a bad value, an escaping path or a duplicate entry. */
  public static final String INVALID_COMPOSE_METADATA = "InvalidComposeMetadata";
  /** The compose or an image could not be found (HTTP 404, missing file). */
  public static final String COMPOSE_NOT_FOUND = "ComposeNotFound";
  /** The downloaded bytes do not hash to the checksum in the metadata. */
  public static final String CHECKSUM_MISMATCH = "ChecksumMismatch";
  /** The archive ended early or is corrupt. */
  public static final String CORRUPT_ARCHIVE = "CorruptArchive";
  /** The image is larger than declared or than the configured bound (decompression bomb). */
  public static final String IMAGE_TOO_LARGE = "ImageTooLarge";
  /** The image's format cannot be handled by the target. */
  public static final String UNSUPPORTED_IMAGE = "UnsupportedImage";
  /** Configuration or credentials are missing or wrong. */
  public static final String CONFIGURATION = "ConfigurationError";
  /**
   * An image server answered what no retry makes sense of: a redirect to a scheme other than
   * http(s), a Content-Range naming a size beyond any file.
   */
  public static final String INVALID_SOURCE_RESPONSE = "InvalidSourceResponse";
  /**
   * A mirror root holds a symbolic link where a release would write, read or delete; following
   * it could put images outside the tree or remove files elsewhere, so a person must look.
   */
  public static final String UNSAFE_MIRROR_TREE = "UnsafeMirrorTree";
  /**
   * A compose, an image or a redirect's target is outside the allowed compose locations
   * ({@code [consumer_config.composes]}): a person must allow it or find out who pointed there.
   */
  public static final String SOURCE_NOT_ALLOWED = "SourceNotAllowed";
  /**
   * A cloud reports an operation it ran for the release as failed (a gallery version or its
   * replication to a region ended Failed): asking again gives the same answer, so the release,
   * or its region-failure policy, decides at once.
   */
  public static final String CLOUD_OPERATION_FAILED = "CloudOperationFailed";

  public static final String[] NON_RETRYABLE = {
    INVALID_COMPOSE_METADATA,
    COMPOSE_NOT_FOUND,
    CHECKSUM_MISMATCH,
    CORRUPT_ARCHIVE,
    IMAGE_TOO_LARGE,
    UNSUPPORTED_IMAGE,
    CONFIGURATION,
    INVALID_SOURCE_RESPONSE,
    UNSAFE_MIRROR_TREE,
    SOURCE_NOT_ALLOWED,
    CLOUD_OPERATION_FAILED
  };

  private ReleaseFailureTypes() {}
}
