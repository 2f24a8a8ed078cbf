package org.imagerelease.activities.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One message for a release event before it gets its id, headers and the configured topic
 * prefix.
 *
 * @param topic e.g. {@code image_release.image.uploaded}
 * @param schema the {@code fedora_messaging_schema} header consumers pick the schema by
 * @param severity fedora-messaging's 10 (debug), 20 (info), 30 (warning) or 40 (error)
 * @param body the JSON body
 */
record MessageDraft(String topic, String schema, int severity, ObjectNode body) {
  static final int INFO = 20;
  static final int WARNING = 30;
  static final int ERROR = 40;
}
