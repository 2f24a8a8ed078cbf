package org.imagerelease.workflows.model;

/** Upload one compose image to its primary location. */
public record UploadRequest(ComposeRef compose, ImageAtLocation destination) {}
