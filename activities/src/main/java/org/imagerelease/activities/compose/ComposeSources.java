package org.imagerelease.activities.compose;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.http.UrlCredentials;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * Where composes may be, from {@code [consumer_config.composes]}: anyone who can publish on the
 * bus can announce a compose, so its location must start with one of the allowed URL prefixes,
 * and may be a directory on the worker only when that is allowed. The consumer checks each
 * message; the worker checks every address it reads from, whoever started the release: the
 * compose, every image, and every hop of every redirect, so a server under an allowed prefix
 * cannot send the worker elsewhere.
 *
 * @param allowedPrefixes URL prefixes a compose location must start with (scheme and host
 *     compared without case, the path as written); {@value #ANY_URL} allows every http(s) URL
 * @param localPaths whether a directory or {@code file:} location is accepted
 */
public record ComposeSources(List<String> allowedPrefixes, boolean localPaths) {
  public static final String ANY_URL = "*";
  private static final Pattern HTTP_SCHEME = Pattern.compile("(?i)^\\s*https?:");
  /** Fedora's composes: kojipkgs only. */
  public static final List<String> FEDORA = List.of("https://kojipkgs.fedoraproject.org/compose/");

  public ComposeSources {
    allowedPrefixes = List.copyOf(allowedPrefixes);
    for (String prefix : allowedPrefixes) {
      if (!prefix.equals(ANY_URL) && httpUrl(prefix).isEmpty()) {
        throw new IllegalArgumentException("an allowed compose location is an http(s) URL prefix with a host, or \"*\"; was " + prefix);
      }
    }
  }

  /** Fedora's: kojipkgs only, no local directory. */
  public static ComposeSources fedora() {
    return new ComposeSources(FEDORA, false);
  }

  /** Directories on this machine only: composes a test or a local tool wrote itself. */
  public static ComposeSources localOnly() {
    return new ComposeSources(List.of(), true);
  }

  /** Anywhere: for composes a local tool made itself (the demo, the development stack). */
  public static ComposeSources anywhere() {
    return new ComposeSources(List.of(ANY_URL), true);
  }

  /** Why a compose at this location is not released, or empty when it may be. */
  public Optional<String> whyRefused(String location) {
    return whyRefused("its location", location);
  }

  /**
   * Refuses an address the worker is about to read from (a compose, its {@code images.json}, an
   * image, a redirect's target) unless it is allowed, with a failure no retry repeats.
   *
   * @param subject what is read and why it came to this address, e.g. "Image x.raw.xz: a redirect of https://..."
   * @param location the URL or path about to be read
   * @throws ReleaseException of type {@code SOURCE_NOT_ALLOWED}, naming the address without
   *     credentials and the setting that would allow it
   */
  public void requireAllowed(String subject, String location) {
    whyRefused("the address", location).ifPresent(why -> {
      throw new ReleaseException(ReleaseFailureTypes.SOURCE_NOT_ALLOWED, subject + ": " + why + ", so it is not read");
    });
  }

  private Optional<String> whyRefused(String what, String location) {
    String shown = SafeNames.quoted(UrlCredentials.removed(location));
    Optional<URI> url = httpUrl(location);
    if (url.isEmpty() && HTTP_SCHEME.matcher(location).lookingAt()) {
      // Not a URL this check can read (no host, characters a URI cannot hold): never a local path.
      return Optional.of(what + " " + shown + " is not a URL with a host under an allowed compose location " + allowedPrefixes
          + " ([consumer_config.composes] allowed_locations)");
    }
    if (url.isEmpty()) {
      return localPaths
          ? Optional.empty()
          : Optional.of(what + " " + shown + " is not an http(s) URL, and local composes are not allowed"
              + " ([consumer_config.composes] allow_local_paths)");
    }
    boolean allowed = allowedPrefixes.stream().anyMatch(prefix -> prefix.equals(ANY_URL) || startsWith(url.get(), httpUrl(prefix).orElseThrow()));
    return allowed
        ? Optional.empty()
        : Optional.of(what + " " + shown + " is not under an allowed compose location " + allowedPrefixes
            + " ([consumer_config.composes] allowed_locations)");
  }

  private static boolean startsWith(URI location, URI prefix) {
    return location.getScheme().equalsIgnoreCase(prefix.getScheme())
        && location.getHost().equalsIgnoreCase(prefix.getHost())
        && location.getPort() == prefix.getPort()
        && location.getRawUserInfo() == null
        && normalizedPath(location).startsWith(normalizedPath(prefix));
  }

  /** The path with dot segments resolved, so {@code /compose/../etc} cannot pass as under {@code /compose/}. */
  private static String normalizedPath(URI uri) {
    String path = uri.normalize().getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static Optional<URI> httpUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
