package org.imagerelease.localcloud.azure.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A {@link LocalArm} and the real Azure management client pointed at it the way a release points
 * its client at Azure: an {@link AzureEnvironment} whose resource manager endpoint is the local
 * URL, the JDK HTTP client trusting the endpoint's certificate, and a fake credential that
 * returns a fixed token (the endpoint accepts any bearer token).
 */
final class LocalArmClients implements AutoCloseable {
  static final String TENANT = "11111111-1111-1111-1111-111111111111";
  static final String API_VERSION = "2024-03-03";

  /** A credential that never talks to Entra ID. */
  static final TokenCredential FIXED_TOKEN = request ->
      Mono.just(new AccessToken("local-token", OffsetDateTime.now().plusHours(1)));

  static {
    // The client's own poll interval (30 s) applies when the endpoint sends no Retry-After;
    // this is the hook Azure's own SDK tests use to shorten it.
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(interval -> Duration.ofMillis(10));
  }

  private final LocalArm arm;
  private final ComputeManager compute;

  private LocalArmClients(LocalArm arm) {
    this.arm = arm;
    HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
        .sslContext(arm.clientSslContext())).build();
    // Azure's public cloud with the resource manager moved: the other endpoints are never called.
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", arm.endpoint().toString());
    endpoints.put("managementEndpointUrl", arm.endpoint().toString());
    AzureEnvironment environment = new AzureEnvironment(endpoints);
    this.compute = ComputeManager.configure().withHttpClient(http)
        .authenticate(FIXED_TOKEN, new AzureProfile(TENANT, arm.subscriptionId(), environment));
  }

  static LocalArmClients start(LocalArmConfig config) {
    return new LocalArmClients(LocalArm.start(config));
  }

  LocalArm arm() {
    return arm;
  }

  /** The inner (generated) client: the one with a VHD source for versions. */
  ComputeManagementClient compute() {
    return compute.serviceClient();
  }

  /** A raw request with the JDK client, for what the SDK would refuse to send. */
  HttpResponse<String> raw(String method, String pathAndQuery, String body, boolean withToken)
      throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .sslContext(arm.clientSslContext()).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(arm.endpoint() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (withToken) {
      request.header("Authorization", "Bearer anything");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    arm.close();
  }
}
