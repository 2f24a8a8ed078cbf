package org.imagerelease.activities.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares what fedora-messaging's settings describe: {@code [exchanges]}, {@code [queues]} and
 * {@code [[bindings]]}. With {@code passive_declares} exchanges and queues are only checked
 * (Fedora's broker creates them; the service account may not), bindings are made either way, as
 * fedora-messaging does. Exchanges named {@code amq.*} are built into every broker and always
 * only checked.
 *
 * <p>Declare on the channel that then consumes, and keep it open: a connection recovers the
 * topology declared through its open channels.
 */
public final class AmqpTopology {
  private static final Logger LOG = LoggerFactory.getLogger(AmqpTopology.class);

  private AmqpTopology() {}

  /**
   * Declares exchanges, queues and bindings.
   *
   * @return each configured queue name with the name the broker knows it by: the same, except for
   *     {@link MessagingSettings#SERVER_NAMED_QUEUE}, which the broker names (and which is always
   *     declared, also with {@code passive_declares}: it cannot exist before)
   * @throws IOException when something does not exist (passive), exists with other properties,
   *     or may not be declared by this user; the message names it and the broker's answer. The
   *     channel is closed by the broker then.
   */
  public static Map<String, String> declare(Channel channel, MessagingSettings settings) throws IOException {
    boolean passive = settings.passiveDeclares();
    for (Map.Entry<String, MessagingSettings.Exchange> entry : settings.exchanges().entrySet()) {
      String name = entry.getKey();
      MessagingSettings.Exchange exchange = entry.getValue();
      try {
        if (passive || builtIn(name)) {
          channel.exchangeDeclarePassive(name);
        } else {
          channel.exchangeDeclare(name, exchange.type(), exchange.durable(), exchange.autoDelete(), exchange.arguments());
        }
      } catch (IOException e) {
        throw refused("exchange", name, passive || builtIn(name), e);
      }
    }
    Map<String, String> actualNames = new LinkedHashMap<>();
    for (Map.Entry<String, MessagingSettings.Queue> entry : settings.queues().entrySet()) {
      String name = entry.getKey();
      MessagingSettings.Queue queue = entry.getValue();
      boolean serverNamed = name.equals(MessagingSettings.SERVER_NAMED_QUEUE);
      try {
        if (passive && !serverNamed) {
          channel.queueDeclarePassive(name);
          actualNames.put(name, name);
        } else {
          String actual =
              channel.queueDeclare(name, queue.durable(), queue.exclusive(), queue.autoDelete(), new HashMap<>(queue.arguments())).getQueue();
          actualNames.put(name, actual);
          if (serverNamed) {
            LOG.warn("Consuming queue {}, named by the broker: it is deleted when this connection ends, and what is published meanwhile is lost", actual);
          }
        }
      } catch (IOException e) {
        throw refused("queue", serverNamed ? "(named by the broker)" : name, passive && !serverNamed, e);
      }
    }
    for (MessagingSettings.Binding binding : settings.bindings()) {
      String queue = actualNames.getOrDefault(binding.queue(), binding.queue());
      for (String routingKey : binding.routingKeys()) {
        try {
          channel.queueBind(queue, binding.exchange(), routingKey, binding.arguments().isEmpty() ? null : new HashMap<>(binding.arguments()));
        } catch (IOException e) {
          throw new IOException(
              "cannot bind queue " + queue + " to exchange " + binding.exchange() + " with " + routingKey + ": " + brokerAnswer(e), e);
        }
      }
      LOG.info("Queue {} receives {} from exchange {}", queue, binding.routingKeys(), binding.exchange());
    }
    return actualNames;
  }

  private static boolean builtIn(String exchange) {
    return exchange.startsWith("amq.");
  }

  private static IOException refused(String kind, String name, boolean passive, IOException e) {
    String what = passive ? "does not exist or may not be used (passive_declares: it must be declared on the broker)" : "cannot be declared";
    return new IOException(kind + " " + name + " " + what + ": " + brokerAnswer(e), e);
  }

  /** The broker's reply text, e.g. {@code NOT_FOUND - no queue 'x' in vhost '/'}, else the error's message. */
  public static String brokerAnswer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyText();
      }
      // Some brokers (Qpid) answer a declaration they cannot take by closing the whole connection.
      if (t instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Connection.Close close) {
        return close.getReplyText();
      }
    }
    return e.getMessage();
  }
}
