package org.imagerelease.activities.compose;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.http.HostCredentials;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates a compose's {@code metadata/images.json} from its http(s) URL or directory. A
 * compose that is not there (HTTP 404 or 410, no such file) fails with {@code COMPOSE_NOT_FOUND};
 * server errors and timeouts are plain {@link IOException}s, which the activity retries.
 */
public final class ComposeReader {
  /** Far above the few hundred KiB a full Fedora compose lists; stops a runaway response. */
  public static final int MAX_METADATA_BYTES = 64 << 20;

  private static final Logger log = LoggerFactory.getLogger(ComposeReader.class);

  private final HttpClient httpClient;
  private final Duration requestTimeout;
  private final ImagesMetadataParser parser;

  /**
   * @param httpClient used for http(s) composes; should have a connect timeout
   * @param requestTimeout how long one request for {@code images.json} may take in all
   * @param parser validates what was read
   */
  public ComposeReader(
      HttpClient httpClient, Duration requestTimeout, ImagesMetadataParser parser) {
    this.httpClient = httpClient;
    this.requestTimeout = requestTimeout;
    this.parser = parser;
  }

  /** A reader with a 10 s connect timeout, a 60 s request timeout and the default size bound. */
  public static ComposeReader withDefaults() {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            // Answers a server's challenge with that server's own netrc login, redirects included.
            .authenticator(HostCredentials.authenticator())
            .build();
    return new ComposeReader(client, Duration.ofSeconds(60), new ImagesMetadataParser());
  }

  /**
   * Reads the images of the compose and checks that the metadata describes that compose.
   *
   * @throws ReleaseException {@code COMPOSE_NOT_FOUND} or {@code INVALID_COMPOSE_METADATA}
   * @throws IOException for failures a retry may fix
   */
  public ComposeImages read(ComposeRef compose) throws IOException, InterruptedException {
    ComposeImages images = readMetadata("Compose " + compose.composeId(), compose.location());
    if (!images.compose().id().equals(compose.composeId())) {
      throw new ReleaseException(
          ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
          "Invalid compose metadata "
              + ComposeLocation.parse(compose.location()).metadataUri()
              + ": payload.compose: field 'id' is "
              + ImagesMetadataParser.quoted(images.compose().id())
              + " but compose "
              + compose.composeId()
              + " was requested");
    }
    return images;
  }

  /**
   * Reads the images of whatever compose lives at the location, e.g. to learn its id before
   * starting its release.
   */
  public ComposeImages readAt(String location) throws IOException, InterruptedException {
    return readMetadata("Compose at " + location, location);
  }

  private ComposeImages readMetadata(String subject, String locationText)
      throws IOException, InterruptedException {
    ComposeLocation location = ComposeLocation.parse(locationText);
    URI metadata = location.metadataUri();
    byte[] json =
        location instanceof ComposeLocation.Directory directory
            ? readFile(subject, directory.directory().resolve("metadata").resolve("images.json"))
            : fetch(subject, metadata);
    ComposeImages images = parser.parse(json, metadata.toString());
    log.info("{}: read {} images from {}", subject, images.images().size(), metadata);
    return images;
  }

  /**
   * The whole of {@code images.json} within the request timeout. HttpClient's own timeout ends
   * once the headers arrived, and a body read has none, so a server that trickles the body would
   * hold the reader for ever: the deadline covers the body too.
   */
  private byte[] fetch(String subject, URI metadata) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(metadata).timeout(requestTimeout).header("Accept", "application/json").GET().build();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(
            request,
            info -> info.statusCode() == 200 ? new BoundedBody(MAX_METADATA_BYTES) : HttpResponse.BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> response = withinDeadline(subject, metadata, exchange);
    int status = response.statusCode();
    if (status == 404 || status == 410) {
      throw new ReleaseException(
          ReleaseFailureTypes.COMPOSE_NOT_FOUND, subject + ": no images metadata at " + metadata + " (HTTP " + status + ")");
    }
    if (status == 401 || status == 403) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION, subject + ": access to " + metadata + " was refused (HTTP " + status + ")");
    }
    if (status != 200) {
      throw new IOException(subject + ": reading " + metadata + " answered HTTP " + status);
    }
    if (response.body().length > MAX_METADATA_BYTES) {
      throw tooLarge(metadata);
    }
    return response.body();
  }

  private HttpResponse<byte[]> withinDeadline(String subject, URI metadata, CompletableFuture<HttpResponse<byte[]>> exchange)
      throws IOException, InterruptedException {
    try {
      return exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException(
          subject + ": " + metadata + " did not arrive in full within " + requestTimeout.toMillis()
              + " ms (the server sends too slowly or stopped)");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(subject + ": reading " + metadata + " failed: " + e.getCause(), e.getCause());
    }
  }

  private static byte[] readFile(String subject, Path file) throws IOException {
    try {
      if (Files.size(file) > MAX_METADATA_BYTES) {
        throw tooLarge(file.toUri());
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ReleaseException(
          ReleaseFailureTypes.COMPOSE_NOT_FOUND,
          subject + ": no images metadata at " + file,
          e);
    }
  }

  private static ReleaseException tooLarge(URI metadata) {
    return new ReleaseException(
        ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
        "Invalid compose metadata " + metadata + ": larger than " + MAX_METADATA_BYTES + " bytes");
  }
}
