package org.imagerelease.activities.transfer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.TestSettings;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile image server can answer: each is a typed failure naming the image and what the
 * server said, which Temporal does not retry, never a ClassCastException or
 * NumberFormatException retried as if it were temporary.
 */
class HttpImageSourceTest {
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aRedirectToALocalFileIsRefusedNotFollowed() {
    answer("/image.raw.xz", exchange -> {
      exchange.getResponseHeaders().add("Location", "file:///etc/passwd");
      exchange.sendResponseHeaders(302, -1);
    });

    assertThat(failureOpening("/image.raw.xz", 0))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE))
        .hasMessageContaining("Image image.raw.xz")
        .hasMessageContaining("redirected to 'file:///etc/passwd': only http and https redirects are followed");
    assertThat(requests).hasValue(1);
  }

  @Test
  void aRedirectToSomethingThatIsNotAUrlIsRefused() {
    answer("/image.raw.xz", exchange -> {
      exchange.getResponseHeaders().add("Location", "nosuchscheme://host/\u001b[2J");
      exchange.sendResponseHeaders(301, -1);
    });

    assertThat(failureOpening("/image.raw.xz", 0))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE))
        .hasMessageContaining("\\u001b[2J")
        .hasMessageNotContaining("\u001b");
  }

  @Test
  void aContentRangeBeyondAnyFileSizeIsATypedFailure() {
    answer("/image.raw.xz", exchange -> {
      exchange.getResponseHeaders().add("Content-Range", "bytes 100-199/99999999999999999999999999");
      exchange.sendResponseHeaders(206, 100);
      exchange.getResponseBody().write(new byte[100]);
    });

    assertThat(failureOpening("/image.raw.xz", 100))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE))
        .hasMessageContaining("Content-Range 'bytes 100-199/99999999999999999999999999', beyond any file's size");
  }

  @Test
  void aRangeStartBeyondAnyFileSizeIsATypedFailureToo() {
    answer("/image.raw.xz", exchange -> {
      exchange.getResponseHeaders().add("Content-Range", "bytes 99999999999999999999999999-1/2");
      exchange.sendResponseHeaders(206, 1);
      exchange.getResponseBody().write(new byte[1]);
    });

    assertThat(failureOpening("/image.raw.xz", 100))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE));
  }

  @Test
  void aRedirectToAnotherHostIsRefusedNotFollowed() throws IOException {
    HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger elsewhereRequests = new AtomicInteger();
    elsewhere.createContext("/", exchange -> {
      elsewhereRequests.incrementAndGet();
      exchange.sendResponseHeaders(200, 4);
      exchange.getResponseBody().write(new byte[4]);
      exchange.close();
    });
    elsewhere.start();
    try {
      String target = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/image.raw.xz";
      answer("/image.raw.xz", exchange -> {
        exchange.getResponseHeaders().add("Location", target.replace("http://", "http://mirror:pw@"));
        exchange.sendResponseHeaders(302, -1);
      });

      assertThat(failureOpening("/image.raw.xz", 0, thisServerOnly()))
          .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED))
          .hasMessageContaining("Image image.raw.xz: " + baseUrl() + "image.raw.xz redirected elsewhere: the address '" + target + "'")
          .hasMessageContaining("is not under an allowed compose location [" + baseUrl() + "] ([consumer_config.composes] allowed_locations)")
          .hasMessageNotContaining("pw@");
      assertThat(requests).hasValue(1);
      assertThat(elsewhereRequests).as("requests the other host received").hasValue(0);
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void aRedirectWithinTheAllowedLocationsIsFollowed() throws IOException {
    answer("/image.raw.xz", exchange -> {
      exchange.getResponseHeaders().add("Location", "/mirror/image.raw.xz");
      exchange.sendResponseHeaders(302, -1);
    });
    answer("/mirror/image.raw.xz", exchange -> {
      exchange.sendResponseHeaders(200, 4);
      exchange.getResponseBody().write(new byte[] {1, 2, 3, 4});
    });
    HttpImageSource source = new HttpImageSource(URI.create(baseUrl() + "image.raw.xz"), "image.raw.xz", new TestSettings().build(), thisServerOnly());

    SourceBody body = source.open(0, -1);
    try {
      assertThat(body.stream().readAllBytes()).containsExactly(1, 2, 3, 4);
    } finally {
      body.closeQuietly();
    }
    assertThat(requests).hasValue(2);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private ComposeSources thisServerOnly() {
    return new ComposeSources(List.of(baseUrl()), false);
  }

  private Throwable failureOpening(String path, long offset) {
    return failureOpening(path, offset, ComposeSources.anywhere());
  }

  private Throwable failureOpening(String path, long offset, ComposeSources allowed) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    HttpImageSource source = new HttpImageSource(uri, path.substring(1), new TestSettings().build(), allowed);
    return catchThrowable(() -> source.open(offset, -1).closeQuietly());
  }

  private void answer(String path, Answer answer) {
    server.createContext(path, exchange -> {
      requests.incrementAndGet();
      try {
        answer.send(exchange);
      } finally {
        exchange.close();
      }
    });
  }

  interface Answer {
    void send(HttpExchange exchange) throws IOException;
  }
}
