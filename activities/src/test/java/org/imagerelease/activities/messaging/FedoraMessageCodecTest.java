package org.imagerelease.activities.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FedoraMessageCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "org.fedoraproject.prod.pungi.compose.status.change";
  private static final String ID = "ed979f1d-c7aa-4d82-bd26-8c33ab5ad064";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-10-27T08:47:36.123456Z"), ZoneOffset.UTC);

  private final FedoraMessageCodec codec = new FedoraMessageCodec(64 * 1024, CLOCK);

  @Test
  void readsAComposeMessageAsPungiSendsIt() throws Exception {
    FedoraMessage message = codec.decode(TOPIC, pungiProperties(ID), JSON.writeValueAsBytes(finishedCompose()));

    assertThat(message.id()).isEqualTo(ID);
    assertThat(message.topic()).isEqualTo(TOPIC);
    assertThat(message.schema()).isEqualTo("base.message");
    assertThat(message.headers())
        .containsEntry(FedoraMessage.SEVERITY, 20L)
        .containsEntry(FedoraMessage.SENT_AT, "2024-10-27T08:47:36+00:00")
        .containsEntry("fedora_messaging_user_releng", true);
    assertThat(message.body().get("compose_id").asText()).isEqualTo("Fedora-41-20241027.0");
    assertThat(message.body().get("compose_label").isNull()).isFalse();
  }

  @Test
  void writesTheFedoraMessagingWireFormat() throws Exception {
    FedoraMessage message = new FedoraMessage(ID, "image_release.image.uploaded", Map.of(), finishedCompose());

    AmqpMessage wire = codec.encode(message);

    assertThat(wire.routingKey()).isEqualTo("image_release.image.uploaded");
    assertThat(wire.properties().getContentType()).isEqualTo("application/json");
    assertThat(wire.properties().getContentEncoding()).isEqualTo("utf-8");
    assertThat(wire.properties().getDeliveryMode()).isEqualTo(2);
    assertThat(wire.properties().getMessageId()).isEqualTo(ID);
    assertThat(wire.properties().getPriority()).isZero();
    assertThat(wire.properties().getHeaders())
        .containsEntry("fedora_messaging_schema", "base.message")
        .containsEntry("fedora_messaging_severity", 20)
        .containsEntry("sent-at", "2024-10-27T08:47:36+00:00")
        .containsEntry("priority", 0);
    assertThat(JSON.readTree(new String(wire.body(), StandardCharsets.UTF_8))).isEqualTo(finishedCompose());
  }

  @Test
  void keepsTheHeadersAMessageBrings() {
    Map<String, Object> headers = Map.of("fedora_messaging_schema", "image_release.v1", "fedora_messaging_severity", 40, "sent-at", "2026-01-02T03:04:05+01:00");

    AmqpMessage wire = codec.encode(new FedoraMessage(ID, "image_release.release.failed", headers, finishedCompose()));

    assertThat(wire.properties().getHeaders()).containsAllEntriesOf(headers);
  }

  @Test
  void aMessageSurvivesTheRoundTripWithWireTypedHeaders() throws Exception {
    FedoraMessage sent = new FedoraMessage(ID, TOPIC, Map.of("fedora_messaging_user_releng", true), finishedCompose());
    AmqpMessage wire = codec.encode(sent);

    FedoraMessage received = codec.decode(wire.routingKey(), asReceived(wire.properties()), wire.body());

    assertThat(received.id()).isEqualTo(sent.id());
    assertThat(received.topic()).isEqualTo(sent.topic());
    assertThat(received.body()).isEqualTo(sent.body());
    assertThat(received.headers())
        .containsEntry("fedora_messaging_schema", "base.message")
        .containsEntry("sent-at", "2024-10-27T08:47:36+00:00")
        .containsEntry("fedora_messaging_user_releng", true);
  }

  @Test
  void sentAtHasSecondsAndAnOffsetLikePythonsIsoformat() {
    assertThat(FedoraMessageCodec.sentAt(OffsetDateTime.parse("2026-11-24T17:02:04.437+01:00"))).isEqualTo("2026-11-24T17:02:04+01:00");
    assertThat(FedoraMessageCodec.sentAt(OffsetDateTime.parse("2026-11-24T17:02:04Z"))).isEqualTo("2026-11-24T17:02:04+00:00");
  }

  @Test
  void rejectsBodiesThatAreNotAJsonObjectSayingWhy() throws Exception {
    assertRejected(pungiProperties(ID), "{\"status\": ".getBytes(StandardCharsets.UTF_8), "is not JSON");
    assertRejected(pungiProperties(ID), "[1, 2]".getBytes(StandardCharsets.UTF_8), "a JSON array, not a JSON object");
    assertRejected(pungiProperties(ID), "\"FINISHED\"".getBytes(StandardCharsets.UTF_8), "a JSON string, not a JSON object");
    assertRejected(pungiProperties(ID), new byte[0], "empty, not a JSON object");
    assertRejected(pungiProperties(ID), "{} {}".getBytes(StandardCharsets.UTF_8), "is not JSON");
    assertRejected(pungiProperties(ID), new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'}, "is not UTF-8");
  }

  @Test
  void rejectsMissingOrInvalidRequiredHeaders() throws Exception {
    byte[] body = JSON.writeValueAsBytes(finishedCompose());
    assertRejected(withHeaders(h -> h.remove("fedora_messaging_schema")), body, "header fedora_messaging_schema is missing");
    assertRejected(withHeaders(h -> h.put("fedora_messaging_severity", 25)), body, "must be 10, 20, 30 or 40, was 25");
    assertRejected(withHeaders(h -> h.remove("fedora_messaging_severity")), body, "fedora_messaging_severity must be");
    assertRejected(withHeaders(h -> h.remove("sent-at")), body, "header sent-at is missing");
    assertRejected(withHeaders(h -> h.put("sent-at", LongStringHelper.asLongString("yesterday"))), body, "not an ISO 8601 time with offset: yesterday");
  }

  @Test
  void rejectsMessagesWithoutIdOrOfAnotherContentType() throws Exception {
    byte[] body = JSON.writeValueAsBytes(finishedCompose());
    assertThatThrownBy(() -> codec.decode(TOPIC, pungiProperties(null), body))
        .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.messageId()).isEqualTo("(no id)"))
        .hasMessageContaining("no message id");
    assertRejected(pungiProperties(ID).builder().contentType("text/plain").build(), body, "content type is text/plain");
    assertRejected(pungiProperties(ID).builder().contentEncoding("latin-1").build(), body, "content encoding is latin-1");
  }

  @Test
  void rejectsABodyOverTheLimitBeforeReadingIt() {
    byte[] large = new byte[64 * 1024 + 1];

    assertRejected(pungiProperties(ID), large, "body of 65537 bytes is larger than the limit of 65536 bytes");
  }

  private void assertRejected(AMQP.BasicProperties properties, byte[] body, String reason) {
    assertThatThrownBy(() -> codec.decode(TOPIC, properties, body))
        .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.messageId()).isEqualTo(ID))
        .hasMessageContaining(reason);
  }

  /** Properties as a message from the broker has them: strings in headers arrive as long strings. */
  private static AMQP.BasicProperties pungiProperties(String id) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("fedora_messaging_schema", LongStringHelper.asLongString("base.message"));
    headers.put("fedora_messaging_severity", 20L);
    headers.put("priority", 0L);
    headers.put("sent-at", LongStringHelper.asLongString("2024-10-27T08:47:36+00:00"));
    headers.put("fedora_messaging_user_releng", true);
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(2)
        .messageId(id)
        .headers(headers)
        .build();
  }

  private static AMQP.BasicProperties withHeaders(Consumer<Map<String, Object>> change) {
    AMQP.BasicProperties properties = pungiProperties(ID);
    Map<String, Object> headers = new HashMap<>(properties.getHeaders());
    change.accept(headers);
    return properties.builder().headers(headers).build();
  }

  private static AMQP.BasicProperties asReceived(AMQP.BasicProperties sent) {
    Map<String, Object> headers = new HashMap<>();
    sent.getHeaders().forEach((k, v) -> headers.put(k, v instanceof String s ? LongStringHelper.asLongString(s) : v));
    return sent.builder().headers(headers).build();
  }

  private static JsonNode finishedCompose() {
    ObjectNode body = JSON.createObjectNode();
    body.put("compose_date", "20241027");
    body.put("compose_id", "Fedora-41-20241027.0");
    body.put("compose_label", "RC-1.4");
    body.put("compose_respin", 0);
    body.put("compose_type", "production");
    body.put("location", "https://kojipkgs.fedoraproject.org/compose/41/Fedora-41-20241027.0/compose");
    body.put("release_is_layered", false);
    body.put("release_version", "41");
    body.put("status", "FINISHED");
    return body;
  }
}
