package org.imagerelease.activities.compose;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.http.HostCredentials;
import org.imagerelease.activities.http.UrlCredentials;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates a compose's {@code metadata/images.json} from its http(s) URL or directory. A
 * compose that is not there (HTTP 404 or 410, no such file) fails with {@code COMPOSE_NOT_FOUND};
 * server errors and timeouts are plain {@link IOException}s, which the activity retries. The
 * compose must be at an allowed location, and so must every address a server redirects to
 * ({@code SOURCE_NOT_ALLOWED}): redirects are followed here, one hop at a time, to check each.
 */
public final class ComposeReader {
  /** Far above the few hundred KiB a full Fedora compose lists; stops a runaway response. */
  public static final int MAX_METADATA_BYTES = 64 << 20;
  private static final int MAX_REDIRECTS = 5;

  private static final Logger log = LoggerFactory.getLogger(ComposeReader.class);

  private final HttpClient httpClient;
  private final Duration requestTimeout;
  private final ImagesMetadataParser parser;
  private final ComposeSources allowedSources;

  /**
   * @param httpClient used for http(s) composes; should have a connect timeout and must not
   *     follow redirects itself, or their targets would escape the check
   * @param requestTimeout how long reading {@code images.json} may take in all, redirects included
   * @param parser validates what was read
   * @param allowedSources where composes may be
   */
  public ComposeReader(
      HttpClient httpClient, Duration requestTimeout, ImagesMetadataParser parser, ComposeSources allowedSources) {
    this.httpClient = httpClient;
    this.requestTimeout = requestTimeout;
    this.parser = parser;
    this.allowedSources = allowedSources;
  }

  /**
   * A reader of composes at the allowed locations, with a 10 s connect timeout, a 60 s request
   * timeout and the default size bound.
   */
  public static ComposeReader withDefaults(ComposeSources allowedSources) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            // Answers a server's challenge with that server's own netrc login, redirects included.
            .authenticator(HostCredentials.authenticator())
            .build();
    return new ComposeReader(client, Duration.ofSeconds(60), new ImagesMetadataParser(), allowedSources);
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
    allowedSources.requireAllowed(subject, locationText);
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
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    URI address = metadata;
    for (int redirects = 0; ; redirects++) {
      HttpResponse<byte[]> response = exchange(subject, metadata, address, deadline);
      int status = response.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        Optional<String> target = response.headers().firstValue("Location");
        if (target.isEmpty() || redirects >= MAX_REDIRECTS) {
          throw new IOException(subject + ": too many or empty redirects reading " + metadata + " at " + address);
        }
        address = redirectTarget(subject, address, target.get());
        continue;
      }
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
  }

  /** One request, its body bounded and read in full before the deadline of the whole read. */
  private HttpResponse<byte[]> exchange(String subject, URI metadata, URI address, long deadline)
      throws IOException, InterruptedException {
    Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    HttpRequest request = HttpRequest.newBuilder(address).timeout(left).header("Accept", "application/json").GET().build();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(
            request,
            info -> info.statusCode() == 200 ? new BoundedBody(MAX_METADATA_BYTES) : HttpResponse.BodySubscribers.replacing(new byte[0]));
    return withinDeadline(subject, metadata, exchange, left);
  }

  /** Where a redirect points: an http(s) address under an allowed compose location, or a failure no retry repeats. */
  private URI redirectTarget(String subject, URI from, String location) {
    String what = subject + ": " + UrlCredentials.removed(from.toString()) + " redirected to " + SafeNames.quoted(UrlCredentials.removed(location));
    URI target;
    try {
      target = from.resolve(new URI(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ReleaseException(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE, what + ", which is not a URL", e);
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ReleaseException(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE, what + ": only http and https redirects are followed");
    }
    allowedSources.requireAllowed(subject + ": " + UrlCredentials.removed(from.toString()) + " redirected elsewhere", target.toString());
    return target;
  }

  private HttpResponse<byte[]> withinDeadline(
      String subject, URI metadata, CompletableFuture<HttpResponse<byte[]>> exchange, Duration left)
      throws IOException, InterruptedException {
    try {
      return exchange.get(left.toNanos(), TimeUnit.NANOSECONDS);
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
