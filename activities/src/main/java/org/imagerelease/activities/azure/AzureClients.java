package org.imagerelease.activities.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.imagerelease.activities.config.ConfigException;
import reactor.core.publisher.Mono;

/**
 * The Azure clients of one worker: the generated Compute client (the one with a VHD source for
 * gallery versions) and the upload container's Blob client, over the JDK HTTP client. Who the
 * worker is comes from {@link AzureCredentials}, read when the worker starts, so a missing
 * variable stops the worker with its name instead of failing a release hours later.
 *
 * @param compute the generated Compute client of the subscription
 * @param container the upload container
 * @param subscriptionId the subscription releases go to
 * @param who a description of the credentials, without any secret, for logs
 */
record AzureClients(ComputeManagementClient compute, BlobContainerClient container, String subscriptionId, String who) {

  /** A token the local ARM stand-in takes; never sent anywhere else. */
  private static final TokenCredential LOCAL_TOKEN =
      request -> Mono.just(new AccessToken("local-stand-in", OffsetDateTime.now().plusHours(1)));

  /**
   * The clients for {@code config}, with credentials from {@code env}, or the local stand-ins'
   * when the config has them.
   *
   * @throws ConfigException naming the environment variable missing
   */
  static AzureClients create(AzureConfig config, Map<String, String> env) {
    if (config.local().isPresent()) {
      LocalAzure local = config.local().get();
      HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trusting(local.armCertificate()))).build();
      ComputeManagementClient compute =
          ComputeManager.configure()
              .withHttpClient(http)
              .authenticate(LOCAL_TOKEN, new AzureProfile(null, local.subscriptionId(), atEndpoint(local)))
              .serviceClient();
      BlobContainerClient container =
          new BlobServiceClientBuilder()
              .endpoint(local.blobEndpoint().toString())
              .credential(new StorageSharedKeyCredential(accountOf(local), local.blobAccountKey()))
              .httpClient(new JdkHttpClientBuilder().build())
              .buildClient()
              .getBlobContainerClient(config.container());
      return new AzureClients(compute, container, local.subscriptionId(), local.toString());
    }
    AzureCredentials credentials = AzureCredentials.fromEnvironment(env);
    HttpClient http = new JdkHttpClientBuilder().build();
    TokenCredential token =
        credentials instanceof AzureCredentials.ServicePrincipal principal
            ? new ClientSecretCredentialBuilder()
                .tenantId(principal.tenantId())
                .clientId(principal.clientId())
                .clientSecret(principal.secret())
                .httpClient(http)
                .build()
            : new DefaultAzureCredentialBuilder().httpClient(http).build();
    String tenant = credentials instanceof AzureCredentials.ServicePrincipal principal ? principal.tenantId() : null;
    ComputeManagementClient compute =
        ComputeManager.configure()
            .withHttpClient(http)
            .authenticate(token, new AzureProfile(tenant, credentials.subscriptionId(), AzureEnvironment.AZURE))
            .serviceClient();
    BlobContainerClient container =
        new BlobServiceClientBuilder()
            .endpoint(config.blobEndpoint().toString())
            .credential(token)
            .httpClient(http)
            .buildClient()
            .getBlobContainerClient(config.container());
    return new AzureClients(compute, container, credentials.subscriptionId(), credentials.toString());
  }

  /** Azure's public cloud with the resource manager moved to the stand-in. */
  private static AzureEnvironment atEndpoint(LocalAzure local) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", local.armEndpoint().toString());
    endpoints.put("managementEndpointUrl", local.armEndpoint().toString());
    return new AzureEnvironment(endpoints);
  }

  /** The account in a path-style endpoint such as Azurite's {@code http://127.0.0.1:10000/devstoreaccount1}. */
  private static String accountOf(LocalAzure local) {
    String path = local.blobEndpoint().getPath();
    return path.replaceAll("^/+", "").split("/")[0];
  }

  /** An SSL context that trusts exactly the stand-in's self-signed certificate. */
  private static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("local-arm", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("Reading the local ARM endpoint's certificate " + pem, e);
    } catch (GeneralSecurityException e) {
      throw new ConfigException("The local ARM endpoint's certificate " + pem + " cannot be trusted: " + e.getMessage());
    }
  }
}
