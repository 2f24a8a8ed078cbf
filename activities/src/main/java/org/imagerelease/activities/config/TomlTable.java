package org.imagerelease.activities.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One table of the configuration file ({@code config.toml}), read with typed getters that name the full key in every
 * error. Tables that hold this project's settings also refuse keys nobody read, so a misspelt
 * key is reported instead of silently ignored.
 */
public final class TomlTable {
  private final String path;
  private final JsonNode node;
  private final Set<String> readKeys = new HashSet<>();

  public TomlTable(String path, JsonNode node) {
    this.path = path;
    this.node = node == null || node.isMissingNode() || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
    if (!this.node.isObject()) {
      throw new ConfigException(path + " must be a table");
    }
  }

  public boolean has(String key) {
    return node.has(key);
  }

  public TomlTable table(String key) {
    JsonNode value = read(key);
    if (value != null && !value.isObject()) {
      throw new ConfigException(key(key) + " must be a table");
    }
    return new TomlTable(key(key), value);
  }

  public List<TomlTable> tables(String key) {
    JsonNode value = read(key);
    List<TomlTable> tables = new ArrayList<>();
    if (value == null) {
      return tables;
    }
    if (!value.isArray()) {
      throw new ConfigException(key(key) + " must be an array of tables ([[" + key(key) + "]])");
    }
    for (int i = 0; i < value.size(); i++) {
      tables.add(new TomlTable(key(key) + "[" + i + "]", value.get(i)));
    }
    return tables;
  }

  public String string(String key, String fallback) {
    JsonNode value = read(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new ConfigException(key(key) + " must be a string, was " + value);
    }
    return value.asText();
  }

  public String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key(key) + " is required");
    }
    return value;
  }

  public boolean bool(String key, boolean fallback) {
    JsonNode value = read(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new ConfigException(key(key) + " must be true or false, was " + value);
    }
    return value.asBoolean();
  }

  public int integer(String key, int fallback, int min, int max) {
    JsonNode value = read(key);
    if (value == null) {
      return fallback;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new ConfigException(key(key) + " must be a whole number, was " + value);
    }
    int number = value.asInt();
    if (number < min || number > max) {
      throw new ConfigException(key(key) + " must be between " + min + " and " + max + ", was " + number);
    }
    return number;
  }

  public Duration duration(String key, Duration fallback) {
    return parsed(key, fallback, ConfigValues::duration);
  }

  /** A byte size, written as a number or a string such as {@code "512KiB"}. */
  public long size(String key, long fallback) {
    JsonNode value = read(key);
    if (value != null && value.isIntegralNumber()) {
      return value.asLong();
    }
    return parsed(key, fallback, ConfigValues::size);
  }

  public List<String> strings(String key, List<String> fallback) {
    JsonNode value = read(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isArray()) {
      throw new ConfigException(key(key) + " must be a list of strings, e.g. [\"a\", \"b\"]");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new ConfigException(key(key) + " must contain only strings, found " + item);
      }
      strings.add(item.asText());
    }
    return List.copyOf(strings);
  }

  /** Fails naming every key of this table that no getter read, with the keys that exist. */
  public void rejectUnknownKeys(String... allowedButUnread) {
    Set<String> unknown = unknownKeys(allowedButUnread);
    Set<String> allowed = new HashSet<>(List.of(allowedButUnread));
    if (!unknown.isEmpty()) {
      Set<String> known = new TreeSet<>(readKeys);
      known.addAll(allowed);
      throw new ConfigException(
          "unknown key" + (unknown.size() > 1 ? "s " : " ") + unknown + " in " + display() + "; known keys: " + known);
    }
  }

  /**
   * Tolerates the keys of this table no getter read (a table whose keys another program defines,
   * such as fedora-messaging's own): each becomes a warning naming it and what is done instead.
   */
  public void warnAboutUnknownKeys(List<String> warnings, String effect) {
    unknownKeys().forEach(name -> warnings.add(display() + " has key " + name + ", which image-release does not read; " + effect));
  }

  /** The keys of this table no getter read and not in {@code allowedButUnread}, sorted. */
  public Set<String> unknownKeys(String... allowedButUnread) {
    Set<String> unknown = new TreeSet<>();
    Set<String> allowed = new HashSet<>(List.of(allowedButUnread));
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!readKeys.contains(name) && !allowed.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  /** The full name of this table, e.g. {@code consumer_config.gate}; empty for the top level. */
  public String path() {
    return path;
  }

  public ObjectNode raw() {
    return (ObjectNode) node;
  }

  private <T> T parsed(String key, T fallback, Function<String, T> parser) {
    String text = string(key, null);
    if (text == null) {
      return fallback;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key(key) + ": " + e.getMessage());
    }
  }

  private JsonNode read(String key) {
    readKeys.add(key);
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }

  private String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String display() {
    return path.isEmpty() ? "the top level" : "[" + path + "]";
  }
}
