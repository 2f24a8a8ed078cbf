package org.imagerelease.workflows.model;

import java.time.Instant;

/** What a release is waiting for, and since when (workflow time). */
public record Waiting(String what, Instant since) {}
