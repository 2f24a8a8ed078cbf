package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.junit.jupiter.api.Test;

class AzureConfigTest {
  private static final Map<String, String> PRINCIPAL =
      Map.of("AZURE_SUBSCRIPTION_ID", "sub-1", "AZURE_CLIENT_ID", "app-1", "AZURE_SECRET", "s3cret-value", "AZURE_TENANT", "tenant-1");

  @Test
  void offWithoutATableAndThenNeedsNoCredentials() throws Exception {
    AzureConfig config = AzureConfig.read(table("{}"), Map.of());

    assertThat(config.enabled()).isFalse();
    assertThat(config.credentials()).isEmpty();
    assertThat(config.upload()).isEqualTo(PageUploadSettings.defaults());
    assertThat(config.container()).isEqualTo("image-release-uploads");
  }

  @Test
  void readsTheUploadSettingsAndAServicePrincipalWhoseSecretNeverPrints() throws Exception {
    AzureConfig config =
        AzureConfig.read(
            table("{\"enabled\": true, \"storage_account\": \"fedoraimages\", \"container\": \"vhds\", \"upload\": {\"parallelism\": 8, \"requests_per_second\": 200}}"),
            PRINCIPAL);

    assertThat(config.blobEndpoint()).isEqualTo(URI.create("https://fedoraimages.blob.core.windows.net"));
    assertThat(config.upload()).isEqualTo(new PageUploadSettings(8, 200));
    assertThat(config.credentials()).get().isInstanceOfSatisfying(AzureCredentials.ServicePrincipal.class, principal -> {
      assertThat(principal.clientId()).isEqualTo("app-1");
      assertThat(principal.secret()).isEqualTo("s3cret-value");
    });
    assertThat(config.toString()).contains("app-1").doesNotContain("s3cret-value");
  }

  @Test
  void withoutAServicePrincipalTheSdksDefaultChainIsUsed() throws Exception {
    AzureConfig config = AzureConfig.read(table("{\"enabled\": true, \"storage_account\": \"fedoraimages\"}"), Map.of("AZURE_SUBSCRIPTION_ID", "sub-1"));

    assertThat(config.credentials()).contains(new AzureCredentials.DefaultChain("sub-1"));
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
  void namesAMissingSubscription() {
    assertThatThrownBy(() -> AzureConfig.read(table("{\"enabled\": true, \"storage_account\": \"fedoraimages\"}"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AZURE_SUBSCRIPTION_ID is not set");
  }

  @Test
  void refusesBadNamesAndUnknownKeys() {
    assertThatThrownBy(() -> AzureConfig.read(table("{\"enabled\": true, \"storage_account\": \"Fedora_Images\"}"), PRINCIPAL))
        .hasMessageContaining("consumer_config.azure.storage_account");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"container\": \"VHDs\"}"), PRINCIPAL))
        .hasMessageContaining("consumer_config.azure.container");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"upload\": {\"parallelism\": 0}}"), PRINCIPAL))
        .hasMessageContaining("parallelism");
    assertThatThrownBy(() -> AzureConfig.read(table("{\"storage_acount\": \"x\"}"), PRINCIPAL))
        .hasMessageContaining("storage_acount");
  }

  private static TomlTable table(String json) throws Exception {
    return new TomlTable("consumer_config.azure", new ObjectMapper().readTree(json));
  }
}
