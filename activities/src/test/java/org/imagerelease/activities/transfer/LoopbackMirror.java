package org.imagerelease.activities.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.localcloud.http.Faults;
import org.imagerelease.localcloud.http.ServedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A compose mirror on loopback for one test class, registered with {@code @RegisterExtension}:
 * localcloud's {@link ComposeHttpServer} over a temporary directory. Before each test it forgets
 * the requests and faults of the one before; it stops after the last.
 */
final class LoopbackMirror implements BeforeEachCallback, AfterAllCallback {

  private final Path root;
  private final ComposeHttpServer server;

  private LoopbackMirror(Path root) throws IOException {
    this.root = root;
    this.server = ComposeHttpServer.start(root);
  }

  static LoopbackMirror forTestClass() {
    try {
      return new LoopbackMirror(Files.createTempDirectory("loopback-mirror"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the loopback compose mirror", e);
    }
  }

  /** Stores {@code content} at {@code path} (from the mirror's root) and returns its URL. */
  URI serve(String path, byte[] content) {
    try {
      Path file = root.resolve(path.substring(1));
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + path + " on the loopback mirror", e);
    }
    return server.uriOf(path);
  }

  URI uriOf(String path) {
    return server.uriOf(path);
  }

  /** Answers {@code from} with a 302 to {@code to}; returns the URL of {@code from}. */
  URI redirect(String from, String to) {
    return server.redirect(from, to);
  }

  Faults faults() {
    return server.faults();
  }

  /** Requests since this test began or {@link #forgetRequests()}, oldest first. */
  List<ServedRequest> requests() {
    return server.requests();
  }

  void forgetRequests() {
    server.forgetRequests();
  }

  /** Body bytes sent for {@code path} over the requests {@link #requests()} lists. */
  long bytesSent(String path) {
    return server.requestsFor(path).stream().mapToLong(ServedRequest::bodyBytes).sum();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.faults().clear();
    server.forgetRequests();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
