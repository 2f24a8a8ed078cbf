package org.imagerelease.localcloud.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.imagerelease.localcloud.disk.SyntheticContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeHttpServerTest {
  private static final String IMAGE = "Cloud/x86_64/images/image.raw.xz";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  @TempDir Path dir;
  Path root;
  byte[] content;
  ComposeHttpServer server;

  @BeforeEach
  void serveACompose() throws IOException {
    root = Files.createDirectories(dir.resolve("compose"));
    content = new SyntheticContent(11).binary(300_000);
    Files.createDirectories(root.resolve(IMAGE).getParent());
    Files.write(root.resolve(IMAGE), content);
    Files.writeString(dir.resolve("secret.txt"), "outside the compose");
    server = ComposeHttpServer.start(root);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesWholeFileWithLengthValidatorsAndRangeSupport() throws Exception {
    HttpResponse<byte[]> response = get(IMAGE, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("300000");
    assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]+-493e0\""));
    assertThat(response.headers().firstValue("Last-Modified")).hasValueSatisfying(date ->
        assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"));
    assertThat(server.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
  }

  @Test
  void answersHeadWithHeadersOnly() throws Exception {
    HttpResponse<byte[]> response = CLIENT.send(
        HttpRequest.newBuilder(server.uriOf(IMAGE)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("300000");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void servesClosedOpenAndSuffixRangesWith206() throws Exception {
    HttpResponse<byte[]> closed = get(IMAGE, "bytes=10-19");
    HttpResponse<byte[]> open = get(IMAGE, "bytes=299990-");
    HttpResponse<byte[]> suffix = get(IMAGE, "bytes=-7");
    HttpResponse<byte[]> beyond = get(IMAGE, "bytes=299999-999999999999999999999");

    assertThat(closed.statusCode()).isEqualTo(206);
    assertThat(closed.headers().firstValue("Content-Range")).hasValue("bytes 10-19/300000");
    assertThat(closed.body()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 299990, 300000));
    assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 299993-299999/300000");
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 299993, 300000));
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes 299999-299999/300000");
    assertThat(server.requestsFor(IMAGE)).extracting(ServedRequest::range)
        .containsExactly("bytes=10-19", "bytes=299990-", "bytes=-7", "bytes=299999-999999999999999999999");
  }

  @Test
  void answers416ForRangesPastTheEnd() throws Exception {
    HttpResponse<byte[]> past = get(IMAGE, "bytes=300000-");
    HttpResponse<byte[]> emptySuffix = get(IMAGE, "bytes=-0");

    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */300000");
    assertThat(emptySuffix.statusCode()).isEqualTo(416);
  }

  @Test
  void servesWholeFileForRangesItDoesNotHonour() throws Exception {
    assertThat(get(IMAGE, "bytes=0-1,5-6").statusCode()).isEqualTo(200);
    assertThat(get(IMAGE, "bytes=20-10").statusCode()).isEqualTo(200);
    assertThat(get(IMAGE, "items=0-1").statusCode()).isEqualTo(200);
  }

  @Test
  void ignoresRangeWhenIfRangeNamesAnotherVersion() throws Exception {
    String etag = get(IMAGE, null).headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> same = send(HttpRequest.newBuilder(server.uriOf(IMAGE))
        .header("Range", "bytes=0-9").header("If-Range", etag).build());
    HttpResponse<byte[]> stale = send(HttpRequest.newBuilder(server.uriOf(IMAGE))
        .header("Range", "bytes=0-9").header("If-Range", "\"0-0\"").build());

    assertThat(same.statusCode()).isEqualTo(206);
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).hasSize(300_000);
  }

  @Test
  void answers404ForMissingFilesAndDirectories() throws Exception {
    assertThat(get("metadata/images.json", null).statusCode()).isEqualTo(404);
    assertThat(get("Cloud/x86_64/images", null).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesPathsThatLeaveTheServedDirectory() throws Exception {
    Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));

    assertThat(rawGet("/../secret.txt")).startsWith("HTTP/1.1 403").doesNotContain("outside");
    assertThat(rawGet("/Cloud/%2e%2e/%2E%2E/secret.txt")).startsWith("HTTP/1.1 403");
    assertThat(rawGet("/link.txt")).startsWith("HTTP/1.1 403").doesNotContain("outside");
  }

  @Test
  void refusesMethodsOtherThanGetAndHead() throws Exception {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(server.uriOf(IMAGE))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void droppedConnectionCanBeResumedWithARange() throws Exception {
    server.faults().dropAfter(IMAGE, 100_000, 1);

    assertThatThrownBy(() -> get(IMAGE, null)).isInstanceOf(IOException.class);
    HttpResponse<byte[]> rest = get(IMAGE, "bytes=100000-");

    assertThat(server.requestsFor(IMAGE)).extracting(ServedRequest::bodyBytes)
        .containsExactly(100_000L, 200_000L);
    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(content, 100_000, 300_000));
  }

  @Test
  void faultsSetForOnePathTakeTurns() throws Exception {
    server.faults().dropAfter(IMAGE, 100_000, 1);
    server.faults().dropAfter(IMAGE, 50_000, 1);

    assertThatThrownBy(() -> get(IMAGE, null)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> get(IMAGE, "bytes=100000-")).isInstanceOf(IOException.class);
    HttpResponse<byte[]> rest = get(IMAGE, "bytes=150000-");

    assertThat(server.requestsFor(IMAGE)).extracting(ServedRequest::bodyBytes)
        .containsExactly(100_000L, 50_000L, 150_000L);
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(content, 150_000, 300_000));
  }

  @Test
  void servesTheWholeFileWhileToldToIgnoreRange() throws Exception {
    server.faults().ignoreRange(IMAGE);

    HttpResponse<byte[]> ignored = get(IMAGE, "bytes=10-19");
    server.faults().clear();
    HttpResponse<byte[]> honoured = get(IMAGE, "bytes=10-19");

    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.headers().firstValue("Accept-Ranges")).hasValue("none");
    assertThat(ignored.headers().firstValue("Content-Range")).isEmpty();
    assertThat(ignored.body()).isEqualTo(content);
    assertThat(honoured.statusCode()).isEqualTo(206);
  }

  @Test
  void redirectsAsAMirrorRedirectorDoes() throws Exception {
    URI redirector = server.redirect("/latest/image.raw.xz", IMAGE);

    HttpResponse<byte[]> redirect = send(HttpRequest.newBuilder(redirector).build());
    HttpResponse<byte[]> followed = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL).build()
        .send(HttpRequest.newBuilder(redirector).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue(server.uriOf(IMAGE).toString());
    assertThat(followed.body()).isEqualTo(content);
    assertThat(server.requests()).extracting(ServedRequest::path, ServedRequest::status)
        .containsExactly(tuple("/latest/image.raw.xz", 302), tuple("/latest/image.raw.xz", 302),
            tuple("/" + IMAGE, 200));
  }

  @Test
  void forgetsTheRequestsSoFarWhenAsked() throws Exception {
    get(IMAGE, null);
    server.forgetRequests();
    get(IMAGE, "bytes=0-9");

    assertThat(server.requests()).extracting(ServedRequest::range).containsExactly("bytes=0-9");
  }

  @Test
  void failsTheGivenNumberOfRequestsWithTheGivenStatus() throws Exception {
    server.faults().failWith(Faults.ANY_PATH, 503, 2);

    assertThat(get(IMAGE, null).statusCode()).isEqualTo(503);
    assertThat(get(IMAGE, null).statusCode()).isEqualTo(503);
    assertThat(get(IMAGE, null).statusCode()).isEqualTo(200);
  }

  @Test
  void spoilsAboutTheAskedShareOfResponsesWithA503A429OrAReset() throws Exception {
    server.faults().spoilRandomly(0.25, 7);
    int ok = 0;
    int unavailable = 0;
    int throttled = 0;
    int reset = 0;
    for (int i = 0; i < 200; i++) {
      try {
        switch (get(IMAGE, null).statusCode()) {
          case 200 -> ok++;
          case 503 -> unavailable++;
          case 429 -> throttled++;
          default -> throw new AssertionError("unexpected status");
        }
      } catch (IOException e) {
        reset++;
      }
    }
    long spoiled = server.faults().spoiledRandomly();
    server.faults().clear();

    assertThat(unavailable + throttled + reset).isEqualTo((int) spoiled).isBetween(30, 70);
    assertThat(unavailable).isPositive();
    assertThat(throttled).isPositive();
    assertThat(reset).isPositive();
    assertThat(ok + unavailable + throttled + reset).isEqualTo(200);
    assertThat(get(IMAGE, null).statusCode()).as("cleared").isEqualTo(200);
  }

  @Test
  void stalledResponseSendsNothingUntilTheStallEnds() throws Exception {
    server.faults().stallAfter(IMAGE, 1_000, Duration.ofMinutes(5), 1);

    try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
      socket.setSoTimeout(300);
      socket.getOutputStream().write(("GET /" + IMAGE + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      assertThatThrownBy(() -> copyUntilTimeout(in, received)).isInstanceOf(SocketTimeoutException.class);
      int beforeRelease = received.size();

      server.faults().clear();
      socket.setSoTimeout(10_000);
      byte[] rest = in.readNBytes(300_000 - 1_000);

      assertThat(beforeRelease).isBetween(1_000, 1_000 + 1_000); // headers + the first 1000 bytes
      assertThat(rest).isEqualTo(Arrays.copyOfRange(content, 1_000, 300_000));
    }
  }

  @Test
  void throttledResponseTakesAtLeastItsSizeOverTheRate() throws Exception {
    server.faults().throttle(IMAGE, 1_000_000);

    long started = System.nanoTime();
    HttpResponse<byte[]> response = get(IMAGE, null);

    assertThat(response.body()).isEqualTo(content);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(280));
  }

  private HttpResponse<byte[]> get(String path, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uriOf(path));
    if (range != null) {
      request.header("Range", range);
    }
    return send(request.build());
  }

  private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private String rawGet(String rawPath) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static void copyUntilTimeout(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      out.write(buffer, 0, read);
    }
  }
}
