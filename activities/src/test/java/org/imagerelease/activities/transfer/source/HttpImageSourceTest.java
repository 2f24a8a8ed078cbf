package org.imagerelease.activities.transfer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagerelease.activities.ReleaseException;
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

  private Throwable failureOpening(String path, long offset) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    HttpImageSource source = new HttpImageSource(uri, path.substring(1), new TestSettings().build());
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
