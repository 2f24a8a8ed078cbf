package org.imagerelease.activities.transfer.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.compose.SafeNames;
import org.imagerelease.activities.http.HostCredentials;
import org.imagerelease.activities.http.UrlCredentials;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image on an HTTP(S) server, read with {@code Range} requests.
 *
 * <p>Built on {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: its read
 * timeout is a socket timeout on every read of the body, which is exactly "the server sent nothing
 * for readTimeout", whereas HttpClient's timeout ends once the headers arrived and its body
 * streams have no read timeout at all. The pipeline pulls bytes on one thread anyway, so a
 * blocking stream is the natural fit. Redirects are followed here, because HttpURLConnection
 * refuses to follow one from http to https, which download mirrors do.
 */
final class HttpImageSource implements ImageSource {

  private static final Logger log = LoggerFactory.getLogger(HttpImageSource.class);
  private static final int MAX_REDIRECTS = 5;
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  private final URI uri;
  private final String imageName;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final HostCredentials credentials;
  private final ComposeSources allowed;

  HttpImageSource(URI uri, String imageName, TransferSettings settings, ComposeSources allowed) {
    this(uri, imageName, settings, HostCredentials.standard(), allowed);
  }

  HttpImageSource(URI uri, String imageName, TransferSettings settings, HostCredentials credentials, ComposeSources allowed) {
    this.uri = uri;
    this.imageName = imageName;
    this.connectTimeoutMillis = (int) Math.max(1, settings.connectTimeout().toMillis());
    this.readTimeoutMillis = (int) Math.max(1, settings.readTimeout().toMillis());
    this.credentials = credentials;
    this.allowed = allowed;
  }

  @Override
  public SourceBody open(long offset, long end) throws IOException {
    URL url = uri.toURL();
    for (int redirects = 0; ; redirects++) {
      HttpURLConnection connection = connect(url, offset, end);
      int status = connection.getResponseCode();
      switch (status) {
        case 206:
          return partialContent(connection, offset);
        case 200:
          return wholeFile(connection, offset);
        case 416:
          // The file ends at or before offset: an empty body, and the size if the server says it.
          connection.disconnect();
          return SourceBody.empty(totalOf(connection.getHeaderField("Content-Range"), connection));
        case 404:
        case 410:
          connection.disconnect();
          throw new ReleaseException(
              ReleaseFailureTypes.COMPOSE_NOT_FOUND,
              "Image " + imageName + " not found: HTTP " + status + " for " + url);
        case 301:
        case 302:
        case 303:
        case 307:
        case 308:
          String location = connection.getHeaderField("Location");
          connection.disconnect();
          if (location == null || redirects >= MAX_REDIRECTS) {
            throw new IOException("Too many or empty redirects for " + uri + " at " + url);
          }
          url = redirectTarget(url, location);
          break;
        default:
          connection.disconnect();
          throw new IOException("HTTP " + status + " for " + url + " (image " + imageName + ")");
      }
    }
  }

  @Override
  public String location() {
    return uri.toString();
  }

  private HttpURLConnection connect(URL url, long offset, long end) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    // The checksum is over the file as stored; a transparently decoded body would not match.
    connection.setRequestProperty("Accept-Encoding", "identity");
    // Per host, so a redirect to another server never carries this one's password.
    credentials.authorization(url.getHost()).ifPresent(value -> connection.setRequestProperty("Authorization", value));
    if (offset > 0 || end >= 0) {
      connection.setRequestProperty(
          "Range", "bytes=" + offset + "-" + (end >= 0 ? Long.toString(end - 1) : ""));
    }
    return connection;
  }

  private SourceBody partialContent(HttpURLConnection connection, long offset) throws IOException {
    String contentRange = connection.getHeaderField("Content-Range");
    Matcher range = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange.strip());
    if (range == null || !range.matches() || range.group(1) == null
        || number(range.group(1), contentRange, connection) != offset) {
      connection.disconnect();
      throw new IOException(
          "Server answered a range request at " + offset + " for " + uri + " with Content-Range "
              + contentRange);
    }
    long fileSize = range.group(3).equals("*") ? -1 : number(range.group(3), contentRange, connection);
    return new SourceBody(connection.getInputStream(), fileSize, true, connection::disconnect);
  }

  private SourceBody wholeFile(HttpURLConnection connection, long offset) throws IOException {
    InputStream stream = connection.getInputStream();
    if (offset > 0) {
      // The server ignored Range: read up to where we are rather than hash anything twice.
      log.warn("Server ignored Range for {}; skipping {} bytes of the body", uri, offset);
      try {
        stream.skipNBytes(offset);
      } catch (IOException e) {
        connection.disconnect();
        throw e;
      }
    }
    return new SourceBody(stream, connection.getContentLengthLong(), false, connection::disconnect);
  }

  /**
   * Where a redirect points; only http and https are followed, so a server cannot make the
   * worker read its own files (file:) or anything else a URL handler can open, and only to an
   * allowed compose location, so a server under one cannot send the worker to any other host.
   */
  private URL redirectTarget(URL from, String location) {
    URL target;
    try {
      target = new URL(from, location);
    } catch (MalformedURLException e) {
      throw invalidResponse(from + " redirected to " + SafeNames.quoted(location) + ", which is not a URL", e);
    }
    if (!target.getProtocol().equals("http") && !target.getProtocol().equals("https")) {
      throw invalidResponse(from + " redirected to " + SafeNames.quoted(location) + ": only http and https redirects are followed", null);
    }
    allowed.requireAllowed("Image " + imageName + ": " + UrlCredentials.removed(from.toString()) + " redirected elsewhere", target.toString());
    return target;
  }

  /** A number of the server's Content-Range; one beyond any file is a lie no retry cures. */
  private long number(String digits, String contentRange, HttpURLConnection connection) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      connection.disconnect();
      throw invalidResponse(uri + " answered with Content-Range " + SafeNames.quoted(contentRange) + ", beyond any file's size", e);
    }
  }

  private ReleaseException invalidResponse(String what, Exception cause) {
    return new ReleaseException(ReleaseFailureTypes.INVALID_SOURCE_RESPONSE, "Image " + imageName + ": " + what, cause);
  }

  private long totalOf(String contentRange, HttpURLConnection connection) {
    if (contentRange == null) {
      return -1;
    }
    Matcher range = CONTENT_RANGE.matcher(contentRange.strip());
    return range.matches() && !range.group(3).equals("*") ? number(range.group(3), contentRange, connection) : -1;
  }
}
