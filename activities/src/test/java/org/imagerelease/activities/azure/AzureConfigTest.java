package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.junit.jupiter.api.Test;

class AzureConfigTest {
  private static final Map<String, String> PRINCIPAL =
      Map.of("AZURE_SUBSCRIPTION_ID", "sub-1", "AZURE_CLIENT_ID", "app-1", "AZURE_SECRET", "s3cret-value", "AZURE_TENANT", "tenant-1");
  private static final String ENABLED =
      "{\"enabled\": true, \"storage_account\": \"fedoraimages\", \"resource_group\": \"fedora-cloud\", \"gallery\": \"Fedora\"";

  @Test
  void offWithoutATableWithDefaultsForEverything() throws Exception {
    AzureConfig config = AzureConfig.read(table("{}"));

    assertThat(config.enabled()).isFalse();
    assertThat(config.upload()).isEqualTo(PageUploadSettings.defaults());
    assertThat(config.container()).isEqualTo("image-release-uploads");
    assertThat(config.primaryRegion()).isEqualTo("eastus");
    assertThat(config.gallery().definitionName()).isEqualTo("Fedora-Cloud-{release}-{arch}");
    assertThat(config.gallery().features()).containsEntry("SecurityType", "TrustedLaunchSupported");
    assertThat(config.local()).isEmpty();
  }

  @Test
  void readsTheGalleryTheUploadAndTheRegions() throws Exception {
    AzureConfig config =
        AzureConfig.read(
            table(ENABLED + ", \"container\": \"vhds\", \"primary_region\": \"westeurope\", \"regions\": [\"eastus\", \"North Europe\"],"
                + " \"upload\": {\"parallelism\": 8, \"requests_per_second\": 200},"
                + " \"definition\": {\"name\": \"Fedora-{subvariant}-{release}-{arch}\", \"features\": {\"SecurityType\": \"Standard\"}},"
                + " \"version\": {\"end_of_life\": \"400d\", \"replica_count\": 2, \"storage_account_type\": \"Standard_ZRS\"}}"));

    assertThat(config.blobEndpoint()).isEqualTo(URI.create("https://fedoraimages.blob.core.windows.net"));
    assertThat(config.upload()).isEqualTo(new PageUploadSettings(8, 200));
    assertThat(config.allRegions()).containsExactly("westeurope", "eastus", "North Europe");
    assertThat(config.gallery().storageResourceGroup()).isEqualTo("fedora-cloud");
    assertThat(config.gallery().features()).containsEntry("SecurityType", "Standard");
    assertThat(config.gallery().endOfLife()).isEqualTo(Duration.ofDays(400));
    assertThat(config.gallery().replicaCount()).isEqualTo(2);
    assertThat(config.planning().replicaLocations()).isEqualTo(List.of("eastus", "North Europe"));
  }

  @Test
  void aServicePrincipalsSecretNeverPrints() {
    AzureCredentials credentials = AzureCredentials.fromEnvironment(PRINCIPAL);

    assertThat(credentials).isInstanceOfSatisfying(AzureCredentials.ServicePrincipal.class, principal -> {
      assertThat(principal.clientId()).isEqualTo("app-1");
      assertThat(principal.secret()).isEqualTo("s3cret-value");
    });
    assertThat(credentials.toString()).contains("app-1").doesNotContain("s3cret-value");
  }

  @Test
  void withoutAServicePrincipalTheSdksDefaultChainIsUsed() {
    assertThat(AzureCredentials.fromEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", "sub-1"))).isEqualTo(new AzureCredentials.DefaultChain("sub-1"));
  }

  @Test
  void namesTheMissingPartsOfAServicePrincipal() {
    Map<String, String> noSecret = Map.of("AZURE_SUBSCRIPTION_ID", "sub-1", "AZURE_CLIENT_ID", "app-1", "AZURE_TENANT", "tenant-1");

    assertThatThrownBy(() -> AzureCredentials.fromEnvironment(noSecret))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AZURE_SECRET is not set, while AZURE_CLIENT_ID and AZURE_TENANT are");
    assertThatThrownBy(() -> AzureCredentials.fromEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", "sub-1", "AZURE_SECRET", "x")))
        .hasMessageContaining("AZURE_CLIENT_ID and AZURE_TENANT are not set, while AZURE_SECRET is")
        .hasMessageNotContaining("x\"");
  }

  @Test
  void aWorkerWithoutASubscriptionIsToldWhichVariableToSet() throws Exception {
    AzureConfig config = AzureConfig.read(table(ENABLED + "}"));

    assertThatThrownBy(() -> AzureClients.create(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AZURE_SUBSCRIPTION_ID is not set");
  }

  @Test
  void refusesBadNamesAndUnknownKeys() {
    assertThatThrownBy(() -> AzureConfig.read(table("{\"enabled\": true, \"storage_account\": \"Fedora_Images\"}")))
        .hasMessageContaining("consumer_config.azure.storage_account");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"enabled\": true, \"storage_account\": \"fedoraimages\", \"resource_group\": \"rg\"}")))
        .hasMessageContaining("consumer_config.azure.gallery");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"container\": \"VHDs\"}")))
        .hasMessageContaining("consumer_config.azure.container");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"upload\": {\"parallelism\": 0}}")))
        .hasMessageContaining("parallelism");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"storage_acount\": \"x\"}")))
        .hasMessageContaining("storage_acount");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"primary_region\": \"westeurope\", \"regions\": [\"West Europe\"]}")))
        .hasMessageContaining("must not name the primary region");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"version\": {\"storage_account_type\": \"Premium_ZRS\"}}")))
        .hasMessageContaining("storage_account_type");
  }

  private static TomlTable table(String json) throws Exception {
    return new TomlTable("consumer_config.azure", new ObjectMapper().readTree(json));
  }
}
