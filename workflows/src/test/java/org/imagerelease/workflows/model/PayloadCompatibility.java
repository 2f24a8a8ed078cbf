package org.imagerelease.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.junit.jupiter.api.DynamicTest;

/**
 * Holds payload types against the payloads the previous version wrote, both ways: what it wrote
 * reads today, and what today writes keeps every field it reads. The recorded payloads are under
 * {@code src/test/resources/payloads/<version>/} of the module that owns the type.
 */
public final class PayloadCompatibility {
  /** The version whose payloads are recorded: main before payloads were made upgrade-safe. */
  public static final String PREVIOUS_VERSION = "17eb5ee";
  /**
   * Set -Dimagerelease.recordPayloads=<version> to write every case's {@code writtenNow} to
   * {@code src/test/resources/payloads/<version>/}: the recording the next version is held against.
   */
  public static final String RECORD_PROPERTY = "imagerelease.recordPayloads";

  private static final DataConverter CONVERTER = ReleaseDataConverter.INSTANCE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PayloadCompatibility() {}

  /** Every check for every case, as named tests; and the recording, when {@link #RECORD_PROPERTY} asks for it. */
  public static Stream<DynamicTest> bothWays(List<PayloadCase> cases) {
    Stream<DynamicTest> checks = cases.stream().flatMap(PayloadCompatibility::checks);
    String version = System.getProperty(RECORD_PROPERTY, "");
    if (version.isBlank()) {
      return checks;
    }
    return Stream.concat(checks, Stream.of(dynamicTest("record today's payloads as " + version, () -> record(cases, version))));
  }

  private static Stream<DynamicTest> checks(PayloadCase c) {
    Stream<DynamicTest> bothWays =
        Stream.of(
            dynamicTest(c.name() + " written by " + PREVIOUS_VERSION + " reads today", () -> readsFromPrevious(c)),
            dynamicTest(c.name() + " written today keeps every field " + PREVIOUS_VERSION + " reads", () -> keepsPreviousShape(c)));
    if (!rawClass(c.type()).isRecord()) {
      return bothWays;
    }
    return Stream.concat(
        bothWays,
        Stream.of(
            dynamicTest(c.name() + " writes its components and nothing else", () -> writesOnlyComponents(c)),
            dynamicTest(c.name() + " reads each field as absent when it is missing", () -> readsEachFieldAbsent(c))));
  }

  private static void record(List<PayloadCase> cases, String version) throws IOException {
    Path folder = Files.createDirectories(Path.of("src/test/resources/payloads", version));
    for (PayloadCase c : cases) {
      Files.write(folder.resolve(c.name() + ".json"), write(c.writtenNow()).getData().toByteArray());
    }
  }

  /**
   * The paths of the fields {@code previous} has that {@code current} lacks or holds as another
   * JSON type (object, array, string, number, boolean, null), recursively; array elements are
   * compared by position. Fields only {@code current} has are fine: readers ignore them.
   */
  public static List<String> fieldsLost(JsonNode previous, JsonNode current) {
    return fieldsLost("$", previous, current);
  }

  private static List<String> fieldsLost(String path, JsonNode previous, JsonNode current) {
    if (current == null) {
      return List.of(path + " is gone");
    }
    if (current.getNodeType() != previous.getNodeType()) {
      return List.of(path + " was " + previous.getNodeType() + ", is " + current.getNodeType());
    }
    List<String> lost = new ArrayList<>();
    if (previous.isObject()) {
      previous.properties().forEach(f -> lost.addAll(fieldsLost(path + "." + f.getKey(), f.getValue(), current.get(f.getKey()))));
    } else if (previous.isArray()) {
      for (int i = 0; i < previous.size(); i++) {
        lost.addAll(fieldsLost(path + "[" + i + "]", previous.get(i), current.get(i)));
      }
    }
    return lost;
  }

  /** The recorded payload's data. */
  public static String recorded(String name) {
    String resource = "/payloads/" + PREVIOUS_VERSION + "/" + name + ".json";
    try (InputStream in = PayloadCompatibility.class.getResourceAsStream(resource)) {
      assertThat(in).as("recorded payload %s", resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes JSON as a worker decodes a payload of this type. */
  public static Object read(String json, Type type) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(json))
            .build();
    return CONVERTER.fromPayload(payload, rawClass(type), type);
  }

  private static void readsFromPrevious(PayloadCase c) {
    assertThat(read(recorded(c.name()), c.type())).as("%s written by %s", c.name(), PREVIOUS_VERSION).isEqualTo(c.readFromPrevious());
  }

  private static void keepsPreviousShape(PayloadCase c) throws IOException {
    JsonNode previous = JSON.readTree(recorded(c.name()));
    assertThat(fieldsLost(previous, tree(c.readFromPrevious())))
        .as("fields of %s's %s that today's loses when it writes the same value", PREVIOUS_VERSION, c.name())
        .isEmpty();
    assertThat(fieldsLost(previous, tree(c.writtenNow())))
        .as("fields of %s's %s that today's loses with its new fields set", PREVIOUS_VERSION, c.name())
        .isEmpty();
  }

  /** A method named like a getter ({@code isX}, {@code getX}) would be written as a field too. */
  private static void writesOnlyComponents(PayloadCase c) throws IOException {
    Class<?> type = rawClass(c.type());
    List<String> fields = new ArrayList<>();
    tree(c.writtenNow()).fieldNames().forEachRemaining(fields::add);
    String[] components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new);
    assertThat(fields).as("fields today's %s writes", c.name()).containsExactlyInAnyOrder(components);
  }

  /**
   * Drops each field of the recorded payload in turn: a version without the field writes it so.
   * A list or map reads as empty; a record may refuse the payload with its own validation
   * (IllegalArgumentException), but nothing else may fail.
   */
  private static void readsEachFieldAbsent(PayloadCase c) throws Exception {
    Class<?> type = rawClass(c.type());
    for (RecordComponent component : type.getRecordComponents()) {
      ObjectNode without = (ObjectNode) JSON.readTree(recorded(c.name()));
      without.remove(component.getName());
      Object read;
      try {
        read = read(JSON.writeValueAsString(without), type);
      } catch (DataConverterException e) {
        assertThat(rootCause(e)).as("reading %s without %s", c.name(), component.getName()).isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      Object value = component.getAccessor().invoke(read);
      if (Collection.class.isAssignableFrom(component.getType())) {
        assertThat((Collection<?>) value).as("%s without %s", c.name(), component.getName()).isEmpty();
      } else if (Map.class.isAssignableFrom(component.getType())) {
        assertThat((Map<?, ?>) value).as("%s without %s", c.name(), component.getName()).isEmpty();
      }
    }
  }

  private static JsonNode tree(Object value) throws IOException {
    return JSON.readTree(write(value).getData().toByteArray());
  }

  private static Payload write(Object value) {
    return CONVERTER.toPayload(value).orElseThrow();
  }

  private static Class<?> rawClass(Type type) {
    return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
