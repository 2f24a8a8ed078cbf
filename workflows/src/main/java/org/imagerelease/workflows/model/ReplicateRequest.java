package org.imagerelease.workflows.model;

/** Copy an image that exists at its primary location to another location of the same target. */
public record ReplicateRequest(LocationImage source, ImageAtLocation destination) {}
