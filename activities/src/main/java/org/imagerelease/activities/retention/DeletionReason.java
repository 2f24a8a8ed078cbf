package org.imagerelease.activities.retention;

/** Which rule of the retention policy removes a gallery image version. */
public enum DeletionReason {
  /** Rule 1: its end-of-life date has passed. */
  END_OF_LIFE_PASSED,
  /** Rule 2: older than the latest versions excluded from {@code latest} its definition keeps. */
  BEYOND_LATEST_EXCLUDED,
  /** Rule 3: older than the latest versions its Rawhide definition keeps, whatever their flag. */
  BEYOND_LATEST_RAWHIDE
}
