package org.imagerelease.activities.azure;

import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;

/** {@link PageBlobUploadTest} on the embedded Blob service, whichever storage the other ran on. */
class PageBlobUploadOnEmbeddedServiceTest extends PageBlobUploadTest {

  @Override
  LocalBlobStorage startStorage() {
    return LocalBlobStorage.embedded();
  }
}
