package org.imagerelease.activities.messaging;

import com.rabbitmq.client.AMQP;

/** A message as it goes on the wire: routing key, AMQP properties (with headers) and body bytes. */
public record AmqpMessage(String routingKey, AMQP.BasicProperties properties, byte[] body) {}
