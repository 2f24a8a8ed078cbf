package org.imagerelease.activities.azure;

import com.azure.storage.blob.models.BlobStorageException;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * What Blob storage's errors mean for a release: refused credentials or permissions and
 * invalid requests fail at once with the service's error code; throttling and server errors,
 * which the SDK retried already, stay plain so that a later attempt may outlast them.
 */
final class BlobErrors {
  private BlobErrors() {}

  static boolean isNotFound(BlobStorageException e) {
    return e.getStatusCode() == 404;
  }

  static RuntimeException classify(BlobStorageException e, String doing) {
    int status = e.getStatusCode();
    if (status == 400 || status == 401 || status == 403 || status == 413 || status == 416) {
      return new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION, doing + " failed with Azure Storage error " + e.getErrorCode() + " (HTTP " + status + ")", e);
    }
    return e;
  }
}
