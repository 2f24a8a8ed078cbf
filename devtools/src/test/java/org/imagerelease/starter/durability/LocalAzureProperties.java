package org.imagerelease.starter.durability;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.azure.LocalAzure;
import org.imagerelease.worker.config.ImageReleaseConfig;

/**
 * How a test hands its local Azure stand-ins to worker processes: a configuration file cannot
 * name them (a real worker must never trust a self-signed ARM endpoint), so they travel as
 * system properties, which {@link ObservedWorkerMain} applies to the Azure target.
 */
final class LocalAzureProperties {
  private static final String PREFIX = "imagerelease.test.localAzure.";

  private LocalAzureProperties() {}

  /** Every worker {@code workers} starts from now on releases to {@code local}. */
  static void passTo(WorkerProcesses workers, LocalAzure local) {
    workers.setInEveryWorker(PREFIX + "armEndpoint", local.armEndpoint().toString());
    workers.setInEveryWorker(PREFIX + "armCertificate", local.armCertificate().toString());
    workers.setInEveryWorker(PREFIX + "subscriptionId", local.subscriptionId());
    workers.setInEveryWorker(PREFIX + "blobEndpoint", local.blobEndpoint().toString());
    workers.setInEveryWorker(PREFIX + "blobAccountKey", local.blobAccountKey());
  }

  /**
   * {@code config} with its Azure target at the stand-ins this process was given, if any and if
   * the target is enabled (pointing it at stand-ins enables it).
   */
  static ImageReleaseConfig applyTo(ImageReleaseConfig config) {
    AzureConfig azure = config.target(AzureConfig.class);
    return given().filter(local -> azure.enabled()).map(local -> config.withTarget(azure.atLocalEndpoints(local))).orElse(config);
  }

  private static Optional<LocalAzure> given() {
    String arm = System.getProperty(PREFIX + "armEndpoint");
    if (arm == null) {
      return Optional.empty();
    }
    return Optional.of(new LocalAzure(URI.create(arm), Path.of(System.getProperty(PREFIX + "armCertificate")),
        System.getProperty(PREFIX + "subscriptionId"), URI.create(System.getProperty(PREFIX + "blobEndpoint")),
        System.getProperty(PREFIX + "blobAccountKey")));
  }
}
