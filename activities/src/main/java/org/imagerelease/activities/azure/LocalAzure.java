package org.imagerelease.activities.azure;

import java.net.URI;
import java.nio.file.Path;

/**
 * Local stand-ins for Azure: an ARM endpoint for the gallery calls and a Blob endpoint taking the
 * development account's key. With them the worker sends no real credential anywhere: the ARM
 * stand-in gets a fixed token, Blob storage the development key.
 *
 * @param armEndpoint e.g. {@code https://127.0.0.1:41234}
 * @param armCertificate the PEM certificate the ARM endpoint serves (self-signed), to trust
 * @param subscriptionId the subscription the stand-in answers for
 * @param blobEndpoint e.g. {@code http://127.0.0.1:10000/devstoreaccount1}
 * @param blobAccountKey the storage account key the Blob stand-in takes
 */
public record LocalAzure(URI armEndpoint, Path armCertificate, String subscriptionId, URI blobEndpoint, String blobAccountKey) {
  @Override
  public String toString() {
    return "local Azure: ARM at " + armEndpoint + ", Blob storage at " + blobEndpoint;
  }
}
