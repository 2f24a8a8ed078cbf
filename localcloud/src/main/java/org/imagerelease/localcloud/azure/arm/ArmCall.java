package org.imagerelease.localcloud.azure.arm;

import java.time.Instant;

/**
 * One request as the endpoint saw it.
 *
 * @param operation the spec's operationId, e.g. {@code GalleryImageVersions_CreateOrUpdate}, or
 *     empty for a path this endpoint does not serve
 * @param apiVersion the {@code api-version} query parameter, or null
 * @param errorCode the ARM error code answered, or null
 */
public record ArmCall(Instant at, String method, String path, String apiVersion, String operation,
    int status, String errorCode) {}
