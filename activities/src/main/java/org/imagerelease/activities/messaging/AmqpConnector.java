package org.imagerelease.activities.messaging;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections to the broker named by fedora-messaging's settings, the way fedora-messaging
 * connects: {@code amqp_url} with URL-encoded credentials and vhost (an empty path is vhost
 * {@code /}, as in pika), TLS from {@code [tls]} for {@code amqps} with the broker's host name
 * verified, SASL EXTERNAL when a client certificate is given and the URL has no password (how
 * Fedora's broker authenticates services), and {@code [client_properties]} shown in the
 * broker's connection list.
 *
 * <p>Connections recover by themselves after a network failure or broker restart, with
 * exponential backoff, and re-declare the exchanges, queues, bindings and consumers declared on
 * them. The password never leaves this class: {@link #endpoint()} is safe to log.
 */
public final class AmqpConnector {
  /** How the connection backs off between recovery attempts unless told otherwise. */
  public static final Backoff DEFAULT_RECOVERY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  static final int HEARTBEAT_SECONDS = 30;
  static final int CONNECTION_TIMEOUT_MILLIS = 10_000;
  static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  static final int CHANNEL_RPC_TIMEOUT_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(AmqpConnector.class);

  private final ConnectionFactory factory;
  private final String endpoint;

  private AmqpConnector(ConnectionFactory factory, String endpoint) {
    this.factory = factory;
    this.endpoint = endpoint;
  }

  /** A connector with the default recovery backoff. */
  public static AmqpConnector from(MessagingSettings settings) {
    return from(settings, DEFAULT_RECOVERY);
  }

  /**
   * @throws IllegalArgumentException when {@code amqp_url} or the {@code [tls]} files are
   *     unusable; the message says which and why, never with the password
   */
  public static AmqpConnector from(MessagingSettings settings, Backoff recovery) {
    URI url = parse(settings.amqpUrl());
    boolean tls = url.getScheme().equalsIgnoreCase("amqps");
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(url.getHost());
    factory.setPort(url.getPort() > 0 ? url.getPort() : tls ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT : ConnectionFactory.DEFAULT_AMQP_PORT);
    String[] credentials = credentials(url);
    factory.setUsername(credentials[0]);
    factory.setPassword(credentials[1]);
    factory.setVirtualHost(virtualHost(url));
    if (tls) {
      SSLContext context = PemSslContext.of(settings.tls());
      factory.useSslProtocol(context);
      factory.enableHostnameVerification();
      if (settings.tls().clientCertificate() && credentials[1].isEmpty()) {
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
      }
    } else if (settings.tls().caCert() != null || settings.tls().clientCertificate()) {
      LOG.warn("[tls] is set but amqp_url {} is not amqps: the connection is not encrypted and the TLS files are not used", redacted(url));
    }
    factory.getClientProperties().putAll(settings.clientProperties());
    factory.setRequestedHeartbeat(queryInteger(url, "heartbeat").orElse(HEARTBEAT_SECONDS));
    factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    factory.setHandshakeTimeout(HANDSHAKE_TIMEOUT_MILLIS);
    factory.setChannelRpcTimeout(CHANNEL_RPC_TIMEOUT_MILLIS);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setRecoveryDelayHandler(attempt -> recovery.delayAfter(attempt + 1).toMillis());
    factory.setExceptionHandler(new ConciseExceptionHandler());
    return new AmqpConnector(factory, redacted(url));
  }

  /**
   * Opens a connection; the name shows in the broker's connection list.
   *
   * @throws IOException when the broker cannot be reached, refuses the login or does not answer
   *     in time; the message names the endpoint
   */
  public Connection open(String connectionName) throws IOException {
    try {
      return factory.newConnection(connectionName);
    } catch (TimeoutException e) {
      throw new IOException("the broker at " + endpoint + " did not complete the connection in time", e);
    } catch (IOException e) {
      throw new IOException("cannot connect to the broker at " + endpoint + ": " + describe(e), e);
    }
  }

  /** Where this connects, e.g. {@code amqps://image-release@rabbitmq.example.org:5671/%2Fpubsub}: no password. */
  public String endpoint() {
    return endpoint;
  }

  /** Whether the broker is asked to authenticate us by our client certificate. */
  public boolean usesClientCertificate() {
    return factory.getSaslConfig() == DefaultSaslConfig.EXTERNAL;
  }

  ConnectionFactory factory() {
    return factory;
  }

  private static URI parse(String amqpUrl) {
    URI url;
    try {
      url = new URI(amqpUrl);
    } catch (URISyntaxException e) {
      // The raw text may hold the password: say where the problem is, not the URL itself.
      throw new IllegalArgumentException("amqp_url is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
      throw new IllegalArgumentException("amqp_url must start with amqp:// or amqps://, was " + redacted(url));
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("amqp_url has no host: " + redacted(url));
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    if (path.indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException("amqp_url's path must be one URL-encoded vhost (%2F for /), was " + path);
    }
    return url;
  }

  /** User and password, URL-decoded; guest/guest when the URL has none, as pika does. */
  private static String[] credentials(URI url) {
    String userInfo = url.getRawUserInfo();
    if (userInfo == null) {
      return new String[] {"guest", "guest"};
    }
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    return new String[] {decode(user), decode(password)};
  }

  private static String virtualHost(URI url) {
    String path = url.getRawPath();
    return path == null || path.length() <= 1 ? "/" : decode(path.substring(1));
  }

  private static Optional<Integer> queryInteger(URI url, String name) {
    if (url.getRawQuery() == null) {
      return Optional.empty();
    }
    List<String> ignored = new ArrayList<>();
    Optional<Integer> value = Optional.empty();
    for (String parameter : url.getRawQuery().split("&")) {
      String[] pair = parameter.split("=", 2);
      if (pair[0].equals(name) && pair.length == 2) {
        try {
          value = Optional.of(Integer.parseInt(decode(pair[1])));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("amqp_url parameter " + name + " must be a whole number of seconds, was " + pair[1]);
        }
      } else {
        ignored.add(pair[0]);
      }
    }
    if (!ignored.isEmpty()) {
      LOG.warn("amqp_url parameters {} are not used (only heartbeat is); recovery and timeouts are built in", ignored);
    }
    return value;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL without its password (and without its query, which may hold secrets too). */
  static String redacted(URI url) {
    String user = url.getRawUserInfo() == null ? "" : url.getRawUserInfo().split(":", 2)[0] + "@";
    String port = url.getPort() > 0 ? ":" + url.getPort() : "";
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return url.getScheme() + "://" + user + url.getHost() + port + path;
  }

  private static String describe(IOException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (e instanceof AuthenticationFailureException) {
      return "the broker refused the login: " + message;
    }
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /**
   * Logs what goes wrong on a connection in one line, without the stack traces the client's
   * default handler prints for every lost connection; recovery does the rest.
   */
  private static final class ConciseExceptionHandler extends ForgivingExceptionHandler {
    @Override
    protected void log(String message, Throwable e) {
      LOG.warn("AMQP: {}: {}", message, e.toString());
    }
  }
}
