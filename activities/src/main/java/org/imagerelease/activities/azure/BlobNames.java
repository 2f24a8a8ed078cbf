package org.imagerelease.activities.azure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imagerelease.workflows.model.ImageAtLocation;

/**
 * The upload blob's name and metadata, derived from the compose and the image only: a retry, a
 * resumed attempt or an undo finds the blob an earlier one made, without having been told.
 */
public final class BlobNames {
  /** Metadata keys; Azure wants them to be C# identifiers. */
  static final String MANAGED_BY = "managed_by";
  static final String MANAGED_BY_US = "image_release";
  public static final String COMPOSE_ID = "compose_id";
  public static final String IMAGE_FILE = "image_file";
  static final String SOURCE_SHA256 = "source_sha256";
  static final String UPLOAD_ID = "upload_id";
  /** Set once the footer is written: the blob then holds the whole image. */
  static final String DECODED_SHA256 = "decoded_sha256";

  private BlobNames() {}

  /** {@code <compose id>/<image file without its compression suffix>}, e.g. {@code Fedora-41-20241027.0/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd}. */
  static String blobName(ImageAtLocation ref) {
    String file = ref.imageName();
    for (String suffix : new String[] {".xz", ".gz", ".zst", ".zstd"}) {
      if (file.endsWith(suffix)) {
        file = file.substring(0, file.length() - suffix.length());
        break;
      }
    }
    return ref.composeId() + "/" + file;
  }

  /** What the blob says of itself while it is being written. */
  static Map<String, String> metadata(ImageAtLocation ref, String uploadId) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MANAGED_BY, MANAGED_BY_US);
    metadata.put(COMPOSE_ID, ref.composeId());
    metadata.put(IMAGE_FILE, ref.imageName());
    metadata.put(SOURCE_SHA256, ref.image().sha256());
    metadata.put(UPLOAD_ID, uploadId);
    return metadata;
  }
}
