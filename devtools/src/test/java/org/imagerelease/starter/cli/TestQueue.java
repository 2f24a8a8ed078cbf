package org.imagerelease.starter.cli;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test's own view of the wire: an exclusive queue bound to routing keys on amq.topic, read
 * with basic.get, so a test sees each message exactly as the broker delivers it.
 */
final class TestQueue implements AutoCloseable {
  /** One delivery, with its string headers as strings. */
  record Received(String routingKey, AMQP.BasicProperties properties, Map<String, Object> headers, String body) {}

  private final Connection connection;
  private final Channel channel;
  private final String queue = "image-release-test-tap-" + UUID.randomUUID().toString().substring(0, 8);

  TestQueue(String amqpUrl, List<String> routingKeys) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(amqpUrl);
    connection = factory.newConnection("image-release test queue");
    channel = connection.createChannel();
    channel.queueDeclare(queue, false, true, true, Map.of());
    for (String key : routingKeys) {
      channel.queueBind(queue, "amq.topic", key);
    }
  }

  /** The next {@code count} messages, waiting up to 30 s for them. */
  List<Received> take(int count) throws Exception {
    List<Received> received = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      GetResponse response = channel.basicGet(queue, true);
      if (response == null) {
        Thread.sleep(20);
        continue;
      }
      Map<String, Object> headers = new LinkedHashMap<>();
      if (response.getProps().getHeaders() != null) {
        response.getProps().getHeaders().forEach((name, value) -> headers.put(name, value instanceof LongString text ? text.toString() : value));
      }
      received.add(
          new Received(response.getEnvelope().getRoutingKey(), response.getProps(), headers, new String(response.getBody(), StandardCharsets.UTF_8)));
    }
    return received;
  }

  /** How many messages wait on the queue now. */
  int waiting() throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  @Override
  public void close() throws Exception {
    if (connection.isOpen()) {
      connection.close();
    }
  }
}
