package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeReaderTest {
  private static final String COMPOSE_ID = SampleComposeJson.COMPOSE_ID;

  @TempDir Path compose;

  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<byte[]> body =
      new AtomicReference<>(SampleComposeJson.fedora41().bytes());
  private final AtomicReference<String> requestedPath = new AtomicReference<>();
  private final ComposeReader reader =
      new ComposeReader(
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
          Duration.ofSeconds(10),
          new ImagesMetadataParser(),
          ComposeSources.anywhere());

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requestedPath.set(exchange.getRequestURI().getPath());
          byte[] answer = status.get() == 200 ? body.get() : "error".getBytes();
          exchange.sendResponseHeaders(status.get(), answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void readsImagesJsonFromComposeDirectory() throws Exception {
    writeMetadata(SampleComposeJson.fedora41().bytes());

    ComposeImages images = reader.read(new ComposeRef(COMPOSE_ID, compose.toString()));

    assertThat(images.compose().id()).isEqualTo(COMPOSE_ID);
    assertThat(images.images()).hasSize(11);
  }

  @Test
  void readsImagesJsonFromFileUri() throws Exception {
    writeMetadata(SampleComposeJson.fedora41().bytes());

    ComposeImages images = reader.read(new ComposeRef(COMPOSE_ID, compose.toUri().toString()));

    assertThat(images.images()).hasSize(11);
  }

  @Test
  void reportsMissingMetadataFileAsComposeNotFound() {
    assertThatThrownBy(
            () -> reader.read(new ComposeRef(COMPOSE_ID, compose.resolve("absent").toString())))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.COMPOSE_NOT_FOUND))
        .hasMessageContaining(COMPOSE_ID)
        .hasMessageContaining("metadata");
  }

  @Test
  void readsImagesJsonOverHttpFromComposeUrl() throws Exception {
    ComposeImages images =
        reader.read(new ComposeRef(COMPOSE_ID, serverUrl("/compose/Fedora-41/compose")));

    assertThat(requestedPath.get()).isEqualTo("/compose/Fedora-41/compose/metadata/images.json");
    assertThat(images.images()).hasSize(11);
  }

  @Test
  void reportsHttp404AsComposeNotFound() {
    status.set(404);

    assertThatThrownBy(() -> reader.read(new ComposeRef(COMPOSE_ID, serverUrl("/compose/"))))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.COMPOSE_NOT_FOUND))
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining(COMPOSE_ID);
  }

  @Test
  void treatsServerErrorAsTransient() {
    status.set(503);

    assertThatThrownBy(() -> reader.read(new ComposeRef(COMPOSE_ID, serverUrl("/compose/"))))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ReleaseException.class)
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void treatsServerThatDoesNotAnswerInTimeAsTransient() {
    var release = new java.util.concurrent.CountDownLatch(1);
    server.createContext(
        "/slow/",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    var impatient =
        new ComposeReader(
            HttpClient.newHttpClient(), Duration.ofMillis(200), new ImagesMetadataParser(), ComposeSources.anywhere());

    try {
      assertThatThrownBy(
              () -> impatient.read(new ComposeRef(COMPOSE_ID, serverUrl("/slow/compose"))))
          .isInstanceOf(java.net.http.HttpTimeoutException.class);
    } finally {
      release.countDown();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void aBodyTrickledSlowerThanTheRequestTimeoutFailsAtTheDeadline() {
    server.createContext(
        "/trickle/",
        exchange -> {
          byte[] json = SampleComposeJson.fedora41().bytes();
          exchange.sendResponseHeaders(200, json.length);
          try {
            for (byte b : json) {
              exchange.getResponseBody().write(b);
              exchange.getResponseBody().flush();
              Thread.sleep(100);
            }
          } catch (InterruptedException | IOException e) {
            // The reader gave up and hung up: as expected.
          } finally {
            exchange.close();
          }
        });
    var reader = new ComposeReader(HttpClient.newHttpClient(), Duration.ofSeconds(1), new ImagesMetadataParser(), ComposeSources.anywhere());

    assertThatThrownBy(() -> reader.read(new ComposeRef(COMPOSE_ID, serverUrl("/trickle/compose"))))
        .isInstanceOf(java.net.http.HttpTimeoutException.class)
        .hasMessageContaining("metadata/images.json did not arrive in full within 1000 ms");
  }

  @Test
  void treatsUnreachableServerAsTransient() {
    String url = serverUrl("/compose/");
    server.stop(0);

    assertThatThrownBy(() -> reader.read(new ComposeRef(COMPOSE_ID, url)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void rejectsMetadataOfAnotherCompose() throws Exception {
    writeMetadata(SampleComposeJson.fedora41().bytes());

    assertThatThrownBy(
            () -> reader.read(new ComposeRef("Fedora-41-20241028.0", compose.toString())))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e ->
                assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
        .hasMessageContaining(
            "field 'id' is '" + COMPOSE_ID + "' but compose Fedora-41-20241028.0 was requested");
  }

  @Test
  void rejectsInvalidMetadataServedOverHttp() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("path", "../../etc/passwd");
    body.set(sample.bytes());

    assertThatThrownBy(() -> reader.read(new ComposeRef(COMPOSE_ID, serverUrl("/compose"))))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e ->
                assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
        .hasMessageContaining(serverUrl("/compose/metadata/images.json"))
        .hasMessageContaining("field 'path' has a '..' segment");
  }

  @Test
  void rejectsLocationOfUnsupportedScheme() {
    assertThatThrownBy(
            () -> reader.read(new ComposeRef(COMPOSE_ID, "ftp://compose.example/compose")))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.COMPOSE_NOT_FOUND))
        .hasMessageContaining("only http, https and file locations are supported");
  }

  @Test
  void imagesJsonRedirectedToAnotherHostIsRefusedNotFollowed() throws IOException {
    HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger elsewhereRequests = new AtomicInteger();
    elsewhere.createContext("/", exchange -> {
      elsewhereRequests.incrementAndGet();
      byte[] json = SampleComposeJson.fedora41().bytes();
      exchange.sendResponseHeaders(200, json.length);
      exchange.getResponseBody().write(json);
      exchange.close();
    });
    elsewhere.start();
    try {
      String target = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/compose/metadata/images.json";
      redirect("/moved/compose/metadata/images.json", target);

      assertThatThrownBy(() -> readerOfThisServerOnly().read(new ComposeRef(COMPOSE_ID, serverUrl("/moved/compose"))))
          .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED))
          .hasMessageContaining("Compose " + COMPOSE_ID + ": " + serverUrl("/moved/compose/metadata/images.json") + " redirected elsewhere")
          .hasMessageContaining("the address '" + target + "' is not under an allowed compose location [" + serverUrl("/") + "]")
          .hasMessageContaining("([consumer_config.composes] allowed_locations)");
      assertThat(elsewhereRequests).as("requests the other host received").hasValue(0);
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void imagesJsonRedirectedWithinTheAllowedLocationsIsRead() throws Exception {
    redirect("/moved/compose/metadata/images.json", "/compose/metadata/images.json");

    ComposeImages images = readerOfThisServerOnly().read(new ComposeRef(COMPOSE_ID, serverUrl("/moved/compose")));

    assertThat(images.images()).hasSize(11);
    assertThat(requestedPath.get()).isEqualTo("/compose/metadata/images.json");
  }

  @Test
  void aComposeElsewhereIsRefusedBeforeAnythingIsRead() {
    var fedoraOnly = new ComposeReader(HttpClient.newHttpClient(), Duration.ofSeconds(5), new ImagesMetadataParser(), ComposeSources.fedora());

    assertThatThrownBy(() -> fedoraOnly.read(new ComposeRef(COMPOSE_ID, serverUrl("/compose"))))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED))
        .hasMessageContaining("allowed_locations");
    assertThat(requestedPath.get()).as("path the server was asked for").isNull();
    assertThatThrownBy(() -> fedoraOnly.read(new ComposeRef(COMPOSE_ID, compose.toString())))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED))
        .hasMessageContaining("allow_local_paths");
  }

  private ComposeReader readerOfThisServerOnly() {
    return new ComposeReader(
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
        Duration.ofSeconds(5),
        new ImagesMetadataParser(),
        new ComposeSources(java.util.List.of(serverUrl("/")), false));
  }

  private void redirect(String from, String to) {
    server.createContext(from, exchange -> {
      exchange.getResponseHeaders().add("Location", to);
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
  }

  private void writeMetadata(byte[] json) throws IOException {
    Files.createDirectories(compose.resolve("metadata"));
    Files.write(compose.resolve("metadata/images.json"), json);
  }

  private String serverUrl(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }
}
