package org.imagerelease.workflows.model;

/** One image at one location, as the status query reports it. */
public record LocationStatus(String location, LocationState state, String resourceId, String url) {}
