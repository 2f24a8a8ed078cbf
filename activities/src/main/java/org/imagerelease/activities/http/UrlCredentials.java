package org.imagerelease.activities.http;

/**
 * Credentials written into a URL ({@code https://user:password@host/...}): taken out before the
 * URL enters a release, a log or an event, since all of them are kept and shown. The server's
 * credentials belong in the netrc file ({@link HostCredentials}).
 */
public final class UrlCredentials {
  private UrlCredentials() {}

  /** Whether the location is a URL with a user (and maybe a password) in it. */
  public static boolean carried(String location) {
    return userInfoEnd(location) >= 0;
  }

  /** The location without its user and password; anything that is not such a URL as it is. */
  public static String removed(String location) {
    int at = userInfoEnd(location);
    if (at < 0) {
      return location;
    }
    int start = location.indexOf("//") + 2;
    return location.substring(0, start) + location.substring(at + 1);
  }

  /**
   * Where the user information ends (its {@code @}), or -1: the last {@code @} of the authority,
   * as browsers read a password with an {@code @} in it, so no part of such a password survives.
   */
  private static int userInfoEnd(String location) {
    if (location == null || !location.matches("(?is)^[a-z][a-z0-9+.-]*://.*")) {
      return -1;
    }
    int start = location.indexOf("//") + 2;
    int end = start;
    while (end < location.length() && "/?#".indexOf(location.charAt(end)) < 0) {
      end++;
    }
    return location.lastIndexOf('@', end - 1) >= start ? location.lastIndexOf('@', end - 1) : -1;
  }
}
