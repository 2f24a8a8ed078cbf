package org.imagerelease.activities.messaging;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * fedora-messaging's {@code amqp_url}, read by the rules of pika's {@code URLParameters}, which
 * is what fedora-messaging hands it to: {@code amqp[s]://[user:password@][host][:port][/vhost][?options]}.
 *
 * <ul>
 *   <li>Everything but the scheme may be left out: host {@code localhost}, port 5672 (5671 for
 *       {@code amqps}), user and password {@code guest}, vhost {@code /}. So {@code amqp://} and
 *       fedora-messaging's default {@code amqp://?connection_attempts=3&retry_delay=5} both mean
 *       {@code amqp://guest:guest@localhost:5672/%2F}.
 *   <li>User, password and vhost are URL-decoded ({@code %2F} is {@code /}; a {@code +} stays a
 *       plus). A user needs a {@code :} after it, as pika requires: {@code fedora:@} is user
 *       {@code fedora} with an empty password (a certificate login).
 *   <li>Options are pika's. Those the Java client has are honoured: {@code heartbeat} (seconds, 0
 *       turns heartbeats off), {@code channel_max}, {@code frame_max}, {@code socket_timeout} (the
 *       TCP connect timeout) and {@code stack_timeout} (the AMQP handshake timeout). The others are
 *       valid but have no effect here, and {@link #ignoredOptions()} says why; an option pika does
 *       not know is refused, as pika refuses it.
 * </ul>
 *
 * Where pika would take the first of several path segments as the vhost and drop the rest, a path
 * with more than one segment is refused instead: it is a vhost with an unencoded {@code /}.
 *
 * @param tls whether the scheme is {@code amqps}
 * @param host the broker's host name, lower case
 * @param port the broker's port
 * @param username URL-decoded
 * @param password URL-decoded; empty for a certificate login
 * @param virtualHost URL-decoded, e.g. {@code /} or {@code /pubsub}
 * @param heartbeat the requested heartbeat, when the URL asks for one
 * @param channelMax the requested channel limit, when the URL asks for one
 * @param frameMax the requested frame size limit, when the URL asks for one
 * @param socketTimeout the TCP connect timeout, when the URL asks for one
 * @param stackTimeout the handshake timeout, when the URL asks for one
 * @param ignoredOptions options pika knows that have no effect here, each with the reason
 * @param endpoint the URL without password or options (both may hold secrets), safe to log
 */
public record AmqpUrl(
    boolean tls,
    String host,
    int port,
    String username,
    String password,
    String virtualHost,
    Optional<Duration> heartbeat,
    OptionalInt channelMax,
    OptionalInt frameMax,
    Optional<Duration> socketTimeout,
    Optional<Duration> stackTimeout,
    Map<String, String> ignoredOptions,
    String endpoint) {

  public static final int DEFAULT_PORT = 5672;
  public static final int DEFAULT_TLS_PORT = 5671;

  /** pika's options this client cannot or need not apply, and why. */
  private static final Map<String, String> WITHOUT_EFFECT =
      Map.of(
          "connection_attempts", "the consumer and the workers try again for as long as they run, with backoff",
          "retry_delay", "the consumer and the workers try again for as long as they run, with backoff",
          "blocked_connection_timeout", "a blocked connection is waited out; publisher confirms time out instead",
          "locale", "the Java client always asks for en_US, pika's default",
          "client_properties", "set them in [client_properties]",
          "ssl_options", "set the TLS files in [tls]",
          "tcp_options", "the Java client keeps the system's TCP options");

  private static final List<String> HONOURED = List.of("heartbeat", "channel_max", "frame_max", "socket_timeout", "stack_timeout");

  public AmqpUrl {
    ignoredOptions = Map.copyOf(ignoredOptions);
  }

  /**
   * Reads an {@code amqp_url}.
   *
   * @throws IllegalArgumentException naming what is wrong, never with the password or the options
   */
  public static AmqpUrl parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("amqp_url is missing");
    }
    int schemeEnd = url.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
      throw new IllegalArgumentException(
          "amqp_url must start with amqp:// or amqps://, was " + (schemeEnd < 0 ? "a text without a scheme" : "scheme " + url.substring(0, schemeEnd)));
    }
    boolean tls = scheme.equals("amqps");
    String rest = url.substring(schemeEnd + 3);
    int fragment = rest.indexOf('#');
    if (fragment >= 0) {
      rest = rest.substring(0, fragment);
    }
    int queryStart = rest.indexOf('?');
    String query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
    rest = queryStart < 0 ? rest : rest.substring(0, queryStart);
    int pathStart = rest.indexOf('/');
    String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
    String path = pathStart < 0 ? "" : rest.substring(pathStart);

    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : authority.substring(0, at);
    String hostAndPort = at < 0 ? authority : authority.substring(at + 1);
    String username = "guest";
    String password = "guest";
    String shownUser = "";
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "amqp_url names a user without ':' after it; pika requires user:password@ (user:@ for a login by client certificate)");
      }
      shownUser = userInfo.substring(0, colon) + "@";
      username = decode(userInfo.substring(0, colon), "the user");
      password = decode(userInfo.substring(colon + 1), "the password");
    }
    String[] hostPort = hostAndPort(hostAndPort);
    String host = hostPort[0].isEmpty() ? "localhost" : hostPort[0].toLowerCase(Locale.ROOT);
    int port = hostPort[1].isEmpty() ? (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT) : port(hostPort[1]);

    String virtualHost = "/";
    if (path.length() > 1) {
      if (path.indexOf('/', 1) >= 0) {
        throw new IllegalArgumentException(
            "amqp_url's path must be one URL-encoded vhost (%2F for /, %2Fpubsub for /pubsub), was " + path
                + " (pika would silently use only the first segment)");
      }
      virtualHost = decode(path.substring(1), "the vhost");
    }
    Options options = Options.parse(query);
    String shownPort = hostPort[1].isEmpty() ? "" : ":" + port;
    String endpoint = scheme + "://" + shownUser + host + shownPort + (path.isEmpty() ? "/" : path);
    return new AmqpUrl(
        tls,
        host,
        port,
        username,
        password,
        virtualHost,
        options.seconds("heartbeat", true),
        options.integer("channel_max"),
        options.integer("frame_max"),
        options.seconds("socket_timeout", false),
        options.seconds("stack_timeout", false),
        options.ignored(),
        endpoint);
  }

  /** Host and port, an IPv6 literal's brackets kept: {@code [::1]:5672} gives {@code [::1]} and {@code 5672}. */
  private static String[] hostAndPort(String hostAndPort) {
    int colon = hostAndPort.startsWith("[") ? hostAndPort.indexOf(':', hostAndPort.indexOf(']')) : hostAndPort.lastIndexOf(':');
    if (colon < 0) {
      return new String[] {hostAndPort, ""};
    }
    String port = hostAndPort.substring(colon + 1);
    if (port.isEmpty()) {
      throw new IllegalArgumentException("amqp_url has a ':' after the host but no port");
    }
    return new String[] {hostAndPort.substring(0, colon), port};
  }

  private static int port(String text) {
    if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
      throw new IllegalArgumentException("amqp_url's port must be a number from 0 to 65535, was " + text);
    }
    return Integer.parseInt(text);
  }

  private static String decode(String text, String what) {
    try {
      // URLDecoder turns '+' into a space; pika's unquote keeps it a plus.
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("amqp_url: " + what + " has a broken %-escape");
    }
  }

  /** The query string as pika reads it ({@code parse_qs}): blank values are dropped, each option given once. */
  private record Options(Map<String, String> values) {
    static Options parse(String query) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        if (equals <= 0 || equals == pair.length() - 1) {
          continue;
        }
        String name = decodePlus(pair.substring(0, equals));
        if (!HONOURED.contains(name) && !WITHOUT_EFFECT.containsKey(name)) {
          throw new IllegalArgumentException("amqp_url has option " + name + ", which pika does not know either; known options: "
              + String.join(", ", HONOURED) + ", " + String.join(", ", WITHOUT_EFFECT.keySet().stream().sorted().toList()));
        }
        if (values.put(name, decodePlus(pair.substring(equals + 1))) != null) {
          throw new IllegalArgumentException("amqp_url gives option " + name + " more than once; pika takes exactly one value");
        }
      }
      return new Options(values);
    }

    OptionalInt integer(String name) {
      String value = values.get(name);
      if (value == null) {
        return OptionalInt.empty();
      }
      try {
        return OptionalInt.of(Integer.parseInt(value.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("amqp_url option " + name + " must be a whole number, was " + value);
      }
    }

    /** Seconds as pika reads them: a whole number for heartbeat, else any number. */
    Optional<Duration> seconds(String name, boolean whole) {
      String value = values.get(name);
      if (value == null) {
        return Optional.empty();
      }
      try {
        double seconds = whole ? Integer.parseInt(value.strip()) : Double.parseDouble(value.strip());
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
          throw new NumberFormatException();
        }
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "amqp_url option " + name + " must be " + (whole ? "a whole" : "a") + " number of seconds, was " + value);
      }
    }

    Map<String, String> ignored() {
      Map<String, String> ignored = new LinkedHashMap<>();
      values.keySet().stream().filter(WITHOUT_EFFECT::containsKey).forEach(name -> ignored.put(name, WITHOUT_EFFECT.get(name)));
      return ignored;
    }

    private static String decodePlus(String text) {
      try {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("amqp_url's options have a broken %-escape");
      }
    }
  }
}
