package org.imagerelease.activities.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * Credentials for compose and image servers, from a netrc file, the way Python's requests (and
 * so today's release scripts) find them: the file {@code $NETRC} names, else {@code ~/.netrc}.
 * They never travel with a URL: credentials in a compose URL are stripped before it enters a
 * release ({@link UrlCredentials}), so they are never kept in a workflow's history, a log, a
 * heartbeat or an event; the worker adds them to each request for their host instead.
 *
 * <p>The system property {@value #FILE_PROPERTY} names the file instead of {@code $NETRC}.
 */
public final class HostCredentials {
  public static final String FILE_PROPERTY = "image-release.netrc";

  private final Map<String, Login> byHost;
  private final Optional<Login> fallback;

  private HostCredentials(Map<String, Login> byHost, Optional<Login> fallback) {
    this.byHost = byHost;
    this.fallback = fallback;
  }

  /** The worker's netrc file, read now (it is small; a changed file applies to the next request). */
  public static HostCredentials standard() {
    String named = System.getProperty(FILE_PROPERTY, System.getenv("NETRC"));
    Path file = named != null && !named.isBlank() ? Path.of(named) : Path.of(System.getProperty("user.home"), ".netrc");
    if (!Files.isRegularFile(file)) {
      if (named != null && !named.isBlank()) {
        throw new ReleaseException(ReleaseFailureTypes.CONFIGURATION, "The netrc file " + file + " (NETRC) does not exist");
      }
      return none();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ReleaseException(ReleaseFailureTypes.CONFIGURATION, "The netrc file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public static HostCredentials none() {
    return new HostCredentials(Map.of(), Optional.empty());
  }

  /** netrc's tokens: {@code machine NAME}, {@code default}, {@code login}, {@code password}; {@code macdef} and {@code account} are skipped. */
  static HostCredentials parse(String text) {
    Map<String, Login> byHost = new LinkedHashMap<>();
    Login fallback = null;
    String[] tokens = text.strip().isEmpty() ? new String[0] : text.strip().split("\\s+");
    String machine = null;
    boolean inDefault = false;
    String login = "";
    String password = null;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.equals("machine") || token.equals("default")) {
        if (password != null) {
          if (inDefault) {
            fallback = new Login(login, password);
          } else if (machine != null) {
            byHost.putIfAbsent(machine.toLowerCase(java.util.Locale.ROOT), new Login(login, password));
          }
        }
        inDefault = token.equals("default");
        machine = inDefault ? null : value(tokens, ++i);
        login = "";
        password = null;
      } else if (token.equals("login")) {
        login = value(tokens, ++i);
      } else if (token.equals("password")) {
        password = value(tokens, ++i);
      } else if (token.equals("account")) {
        i++;
      }
    }
    if (password != null) {
      if (inDefault) {
        fallback = new Login(login, password);
      } else if (machine != null) {
        byHost.putIfAbsent(machine.toLowerCase(java.util.Locale.ROOT), new Login(login, password));
      }
    }
    return new HostCredentials(Map.copyOf(byHost), Optional.ofNullable(fallback));
  }

  private static String value(String[] tokens, int index) {
    if (index >= tokens.length) {
      throw new ReleaseException(ReleaseFailureTypes.CONFIGURATION, "The netrc file ends in the middle of an entry");
    }
    return tokens[index];
  }

  /**
   * Answers an HTTP server's challenge with the login the netrc file has for that very host, read
   * when asked: for clients that authenticate on challenge, such as {@link java.net.http.HttpClient}.
   */
  public static Authenticator authenticator() {
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.SERVER) {
          return null;
        }
        return standard().login(getRequestingHost()).map(l -> new PasswordAuthentication(l.user(), l.password().toCharArray())).orElse(null);
      }
    };
  }

  private Optional<Login> login(String host) {
    if (host == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHost.get(host.toLowerCase(java.util.Locale.ROOT))).or(() -> fallback);
  }

  /** The {@code Authorization} header value (HTTP Basic) for the host, if the file has one. */
  public Optional<String> authorization(String host) {
    return login(host).map(Login::basic);
  }

  private record Login(String user, String password) {
    String basic() {
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Login[" + user + ", password hidden]";
    }
  }
}
