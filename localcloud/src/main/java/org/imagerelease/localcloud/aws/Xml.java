package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/** A small XML writer for EC2's responses: elements, text and nothing else. */
final class Xml {
  /** EC2's timestamp form, e.g. {@code 2026-12-07T12:00:00.000Z}. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder();
  private final Deque<String> open = new ArrayDeque<>();

  Xml open(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  Xml open(String name, String namespace) {
    out.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
    open.push(name);
    return this;
  }

  Xml close() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>value</name>}; nothing when the value is null. */
  Xml element(String name, Object value) {
    if (value != null) {
      String text = value instanceof Instant instant ? TIMESTAMP.format(instant) : value.toString();
      out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    }
    return this;
  }

  /** {@code <name><value>value</value></name>}, EC2's attribute value shape; empty when null. */
  Xml valueElement(String name, Object value) {
    open(name);
    element("value", value);
    return close();
  }

  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    return out.toString();
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
