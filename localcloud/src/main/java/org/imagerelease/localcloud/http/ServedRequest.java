package org.imagerelease.localcloud.http;

/**
 * One request the server answered, for tests that check how a client downloads.
 *
 * @param method GET or HEAD (or whatever was refused)
 * @param path the decoded request path, e.g. {@code /metadata/images.json}
 * @param range the {@code Range} header, or null
 * @param status the status sent
 * @param bodyBytes body bytes sent so far; for a finished response, all it sent before it ended
 *     or its connection was dropped
 */
public record ServedRequest(String method, String path, String range, int status, long bodyBytes) {}
