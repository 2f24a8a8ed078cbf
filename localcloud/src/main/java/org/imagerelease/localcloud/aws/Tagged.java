package org.imagerelease.localcloud.aws;

import java.util.Map;

/** A resource with EC2 tags; the map is its own, changed under its region's lock. */
interface Tagged {
  String id();

  Map<String, String> tags();
}
