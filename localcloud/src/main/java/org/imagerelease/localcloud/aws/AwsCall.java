package org.imagerelease.localcloud.aws;

import java.time.Instant;

/**
 * One request the endpoint answered (or, with a connection fault, did not).
 *
 * @param region from the SigV4 scope; empty when the request had none
 * @param operation the operation's name in the API model; empty when it could not be told
 * @param status the HTTP status sent; 0 when the connection was cut instead
 */
public record AwsCall(Instant at, String region, String service, String operation, int status) {}
