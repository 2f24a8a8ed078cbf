package org.imagerelease.localcloud.aws;

/** The kinds of resource the local endpoint keeps. */
public enum ResourceKind {
  SNAPSHOT, IMAGE, INSTANCE, PARAMETER
}
