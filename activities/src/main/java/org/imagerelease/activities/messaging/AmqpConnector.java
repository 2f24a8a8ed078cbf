package org.imagerelease.activities.messaging;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections to the broker named by fedora-messaging's settings, the way fedora-messaging
 * connects: {@code amqp_url} read by pika's rules ({@link AmqpUrl}), TLS from {@code [tls]} for
 * {@code amqps} with the broker's host name verified, SASL EXTERNAL when a client certificate is
 * given and the URL has no password (how Fedora's broker authenticates services), and {@code
 * [client_properties]} shown in the broker's connection list.
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
    AmqpUrl url = AmqpUrl.parse(settings.amqpUrl());
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(url.host());
    factory.setPort(url.port());
    factory.setUsername(url.username());
    factory.setPassword(url.password());
    factory.setVirtualHost(url.virtualHost());
    if (url.tls()) {
      SSLContext context = PemSslContext.of(settings.tls());
      factory.useSslProtocol(context);
      factory.enableHostnameVerification();
      if (settings.tls().clientCertificate() && url.password().isEmpty()) {
        factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
      }
    } else if (settings.tls().caCert() != null || settings.tls().clientCertificate()) {
      LOG.warn("[tls] is set but amqp_url {} is not amqps: the connection is not encrypted and the TLS files are not used", url.endpoint());
    }
    url.ignoredOptions().forEach((option, why) -> LOG.info("amqp_url option {} has no effect here: {}", option, why));
    factory.getClientProperties().putAll(settings.clientProperties());
    factory.setRequestedHeartbeat(url.heartbeat().map(d -> (int) d.toSeconds()).orElse(HEARTBEAT_SECONDS));
    url.channelMax().ifPresent(factory::setRequestedChannelMax);
    url.frameMax().ifPresent(factory::setRequestedFrameMax);
    factory.setConnectionTimeout(url.socketTimeout().map(d -> (int) d.toMillis()).orElse(CONNECTION_TIMEOUT_MILLIS));
    factory.setHandshakeTimeout(url.stackTimeout().map(d -> (int) d.toMillis()).orElse(HANDSHAKE_TIMEOUT_MILLIS));
    factory.setChannelRpcTimeout(CHANNEL_RPC_TIMEOUT_MILLIS);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setRecoveryDelayHandler(attempt -> recovery.delayAfter(attempt + 1).toMillis());
    factory.setExceptionHandler(new ConciseExceptionHandler());
    return new AmqpConnector(factory, url.endpoint());
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
