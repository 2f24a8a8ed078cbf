package org.imagerelease.worker.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where test results are read when no message announced them ({@code [consumer_config.resultsdb]}).
 *
 * @param url the API base, e.g. {@code https://resultsdb.fedoraproject.org/api/v2.0}; empty turns
 *     the polling fallback off
 * @param pollInterval how often a release waiting for tests asks ResultsDB
 */
public record ResultsDbConfig(Optional<URI> url, Duration pollInterval) {}
