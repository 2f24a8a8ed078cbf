package org.imagerelease.localcloud.azure.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local ARM endpoint at the wire, with a plain HTTPS client: what ARM answers that an SDK
 * would not let a test send (no token, no api-version, bad bodies), the error body's shape, and
 * the {@code Location} monitor of a delete.
 */
class LocalArmRawHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "?api-version=2024-03-03";

  private LocalArmClients clients;
  private String galleries;

  @BeforeEach
  void start() {
    clients = LocalArmClients.start(LocalArmConfig.everyDelay(Duration.ofHours(1)));
    galleries = "/subscriptions/" + clients.arm().subscriptionId()
        + "/resourceGroups/image-release/providers/Microsoft.Compute/galleries";
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void aRequestWithoutABearerTokenIsRefused401WithAChallenge() throws Exception {
    HttpResponse<String> response = clients.raw("GET", galleries + API, null, false);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer ");
    assertThat(errorCode(response)).isEqualTo("AuthenticationFailed");
  }

  @Test
  void everyRequestNeedsAnApiVersionTheProviderKnows() throws Exception {
    assertThat(errorCode(clients.raw("GET", galleries, null, true))).isEqualTo("MissingApiVersionParameter");
    HttpResponse<String> unknown = clients.raw("GET", galleries + "?api-version=2099-01-01", null, true);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(errorCode(unknown)).isEqualTo("NoRegisteredProviderFound");
  }

  @Test
  void missingResourcesAnswer404InArmsErrorShape() throws Exception {
    HttpResponse<String> missing = clients.raw("GET", galleries + "/nothing" + API, null, true);
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(missing.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("ResourceNotFound");
    assertThat(error.get("message").asText()).contains("nothing");

    HttpResponse<String> otherSubscription = clients.raw("GET",
        "/subscriptions/99999999-9999-9999-9999-999999999999/providers/Microsoft.Compute/galleries" + API,
        null, true);
    assertThat(otherSubscription.statusCode()).isEqualTo(404);
    assertThat(errorCode(otherSubscription)).isEqualTo("SubscriptionNotFound");
  }

  @Test
  void aDefinitionNeedsItsRequiredPropertiesAndKeepsItsIdentity() throws Exception {
    assertThat(clients.raw("PUT", galleries + "/fedora" + API, "{\"location\":\"westeurope\"}", true)
        .statusCode()).isEqualTo(201);
    HttpResponse<String> noOsType = clients.raw("PUT", galleries + "/fedora/images/Fedora-Cloud-41-x64" + API,
        "{\"location\":\"westeurope\",\"properties\":{\"osState\":\"Generalized\","
            + "\"identifier\":{\"publisher\":\"Fedora\",\"offer\":\"Cloud\",\"sku\":\"41\"}}}", true);
    assertThat(noOsType.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noOsType.body()).at("/error/target").asText()).isEqualTo("osType");
    HttpResponse<String> noLocation = clients.raw("PUT", galleries + "/fedora/images/Fedora-Cloud-41-x64" + API,
        "{\"properties\":{}}", true);
    assertThat(errorCode(noLocation)).isEqualTo("LocationRequired");
    HttpResponse<String> notJson = clients.raw("PUT", galleries + "/fedora/images/Fedora-Cloud-41-x64" + API,
        "{location", true);
    assertThat(errorCode(notJson)).isEqualTo("InvalidRequestContent");

    String definition = "{\"location\":\"westeurope\",\"properties\":{\"osType\":\"Linux\","
        + "\"osState\":\"Generalized\",\"hyperVGeneration\":\"V2\","
        + "\"identifier\":{\"publisher\":\"Fedora\",\"offer\":\"Cloud\",\"sku\":\"41\"}}}";
    HttpResponse<String> created = clients.raw("PUT", galleries + "/fedora/images/Fedora-Cloud-41-x64" + API,
        definition, true);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).at("/properties/provisioningState").asText()).isEqualTo("Creating");
    assertThat(created.headers().firstValue("Azure-AsyncOperation")).get().asString()
        .startsWith(clients.arm().endpoint() + "/subscriptions/").contains("api-version=2024-03-03");
    clients.arm().advanceClock(Duration.ofHours(1));

    HttpResponse<String> changed = clients.raw("PATCH", galleries + "/fedora/images/Fedora-Cloud-41-x64" + API,
        "{\"properties\":{\"hyperVGeneration\":\"V1\"}}", true);
    assertThat(changed.statusCode()).isEqualTo(409);
    assertThat(errorCode(changed)).isEqualTo("PropertyChangeNotAllowed");
  }

  @Test
  void aDeleteIsAcceptedWithAMonitorThatAnswers202UntilItIsDoneAndNothingIsLeft() throws Exception {
    clients.raw("PUT", galleries + "/fedora" + API, "{\"location\":\"westeurope\"}", true);
    clients.arm().advanceClock(Duration.ofHours(1));
    HttpResponse<String> accepted = clients.raw("DELETE", galleries + "/fedora" + API, null, true);
    assertThat(accepted.statusCode()).isEqualTo(202);
    String monitor = accepted.headers().firstValue("Location").orElseThrow();
    String status = accepted.headers().firstValue("Azure-AsyncOperation").orElseThrow();
    String monitorPath = monitor.substring(clients.arm().endpoint().toString().length());
    String statusPath = status.substring(clients.arm().endpoint().toString().length());
    assertThat(clients.raw("GET", monitorPath, null, true).statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(clients.raw("GET", statusPath, null, true).body()).get("status").asText())
        .isEqualTo("InProgress");

    clients.arm().advanceClock(Duration.ofHours(1));
    assertThat(clients.raw("GET", monitorPath, null, true).statusCode()).isEqualTo(204);
    assertThat(JSON.readTree(clients.raw("GET", statusPath, null, true).body()).get("status").asText())
        .isEqualTo("Succeeded");
    assertThat(clients.raw("DELETE", galleries + "/fedora" + API, null, true).statusCode())
        .as("deleting what is gone").isEqualTo(204);
    assertThat(clients.arm().inventory().resources()).isEmpty();
    assertThat(clients.arm().inventory().createdAndNotDeleted()).isEmpty();
  }

  @Test
  void aDroppedResponseLeavesWhatTheCallDidButNoAnswer() throws Exception {
    clients.arm().faults().dropResponse("Galleries_CreateOrUpdate", 1);
    assertThatThrownBy(() -> clients.raw("PUT", galleries + "/fedora" + API, "{\"location\":\"westeurope\"}", true))
        .as("the client hears nothing back").isInstanceOf(java.io.IOException.class);
    assertThat(clients.raw("GET", galleries + "/fedora" + API, null, true).statusCode()).as("the gallery was made all the same").isEqualTo(200);
    assertThat(clients.arm().calls()).extracting(ArmCall::operation, ArmCall::status).contains(tuple("Galleries_CreateOrUpdate", 0));
    // Answered, though not with 200: the gallery is still being made (every operation takes an hour here).
    assertThat(clients.raw("PUT", galleries + "/fedora" + API, "{\"location\":\"westeurope\"}", true).statusCode())
        .as("only the next call's answer was lost").isEqualTo(409);
  }

  @Test
  void theComputeProviderIsRegisteredForClientsThatLookItUp() throws Exception {
    String provider = "/subscriptions/" + clients.arm().subscriptionId() + "/providers/Microsoft.Compute";
    HttpResponse<String> lookup = clients.raw("GET", provider + "?api-version=2021-04-01", null, true);
    assertThat(lookup.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(lookup.body());
    assertThat(body.get("registrationState").asText()).isEqualTo("Registered");
    assertThat(body.get("resourceTypes").findValuesAsText("resourceType"))
        .contains("galleries", "galleries/images", "galleries/images/versions");
    assertThat(clients.raw("POST", provider + "/register?api-version=2021-04-01", null, true).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theCertificateIsWrittenForToolsThatReadACaBundle(@TempDir Path directory) throws Exception {
    Path pem = clients.arm().writeCertificate(directory.resolve("local-arm.pem"));
    assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    java.security.cert.X509Certificate certificate = (java.security.cert.X509Certificate)
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(Files.newInputStream(pem));
    assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
        .contains("localhost", "127.0.0.1");
  }

  private static String errorCode(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).at("/error/code").asText();
  }
}
