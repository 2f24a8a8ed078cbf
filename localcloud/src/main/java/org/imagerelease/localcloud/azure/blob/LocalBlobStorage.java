package org.imagerelease.localcloud.azure.blob;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Blob storage tests and the demo use: Azurite (npm {@code azurite}) when it is installed
 * and Node runs it, else the {@link EmbeddedBlobService}. Both take the development account's
 * well-known connection string. {@link #description()} says which ran, and why not Azurite,
 * so a test log always tells what it ran against.
 *
 * <p>The system property {@value #CHOICE_PROPERTY} ({@code embedded} or {@code azurite}) forces
 * the choice.
 */
public final class LocalBlobStorage implements AutoCloseable {
  public static final String CHOICE_PROPERTY = "imagerelease.blobs";
  /** The development account's published key (Azurite's and the storage emulator's). */
  public static final String DEV_ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final String blobEndpoint;
  private final String description;
  private final AutoCloseable server;
  private final EmbeddedBlobService embedded;

  private LocalBlobStorage(String blobEndpoint, String description, AutoCloseable server, EmbeddedBlobService embedded) {
    this.blobEndpoint = blobEndpoint;
    this.description = description;
    this.server = server;
    this.embedded = embedded;
  }

  /** Azurite when it can run here, else the embedded service. */
  public static LocalBlobStorage azuriteOrEmbedded() {
    String choice = System.getProperty(CHOICE_PROPERTY, "");
    if (choice.equals("embedded")) {
      return embedded("forced by -D" + CHOICE_PROPERTY + "=embedded");
    }
    Optional<Path> script = AzuriteProcess.find();
    if (script.isEmpty()) {
      String why =
          "Azurite is not installed (npm install --prefix ~/" + AzuriteProcess.CACHE_DIR + " azurite, as .ci/run does,"
              + " or set IMAGERELEASE_AZURITE to its azurite-blob script)";
      if (choice.equals("azurite")) {
        throw new IllegalStateException("-D" + CHOICE_PROPERTY + "=azurite, but " + why);
      }
      return embedded(why);
    }
    try {
      AzuriteProcess azurite = AzuriteProcess.start(script.get());
      return new LocalBlobStorage(
          azurite.endpoint() + "/" + EmbeddedBlobService.ACCOUNT, "Azurite " + azurite.version() + " at " + azurite.endpoint(), azurite, null);
    } catch (IOException e) {
      if (choice.equals("azurite")) {
        throw new IllegalStateException("-D" + CHOICE_PROPERTY + "=azurite, but " + e.getMessage(), e);
      }
      return embedded("Azurite at " + script.get() + " did not start: " + e.getMessage());
    }
  }

  /** Always a new embedded service. */
  public static LocalBlobStorage embedded() {
    return embedded("started for this run");
  }

  private static LocalBlobStorage embedded(String why) {
    EmbeddedBlobService service = EmbeddedBlobService.start();
    return new LocalBlobStorage(
        service.blobEndpoint(), "embedded page-blob service at 127.0.0.1:" + service.port() + " (" + why + ")", service, service);
  }

  /** The development account's connection string for this storage. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=" + EmbeddedBlobService.ACCOUNT + ";AccountKey=" + DEV_ACCOUNT_KEY
        + ";BlobEndpoint=" + blobEndpoint + ";";
  }

  /** E.g. {@code http://127.0.0.1:41234/devstoreaccount1}. */
  public String blobEndpoint() {
    return blobEndpoint;
  }

  /** Which storage this is, e.g. {@code Azurite 3.37.0 at http://127.0.0.1:41234}. */
  public String description() {
    return description;
  }

  /** The embedded service, when this is one. */
  public Optional<EmbeddedBlobService> embeddedService() {
    return Optional.ofNullable(embedded);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("Could not stop " + description + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
