package org.imagerelease.localcloud.azure.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStorageTest {

  @Test
  void whicheverStartsTakesTheDevelopmentAccountsConnectionString() {
    try (LocalBlobStorage storage = LocalBlobStorage.azuriteOrEmbedded()) {
      System.out.println("LocalBlobStorageTest runs against " + storage.description());
      BlobContainerClient container =
          new BlobServiceClientBuilder().connectionString(storage.connectionString()).buildClient().getBlobContainerClient("probe");
      container.create();
      PageBlobClient blob = container.getBlobClient("a/b.vhd").getPageBlobClient();
      blob.create(4096);
      blob.uploadPages(new PageRange().setStart(512).setEnd(1023), new ByteArrayInputStream(new byte[512]));

      assertThat(blob.getProperties().getBlobSize()).isEqualTo(4096);
      assertThat(storage.description()).containsAnyOf("Azurite", "embedded page-blob service");
    }
  }

  @Test
  void anAzuriteThatDoesNotListenIsReportedWithItsOutput(@TempDir Path dir) throws IOException {
    Path script = dir.resolve("azurite-blob");
    Files.writeString(script, "#!/bin/sh\necho 'error: node is too old'\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(() -> AzuriteProcess.start(script))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not start")
        .hasMessageContaining("node is too old");
  }
}
