package org.imagerelease.starter.cli;

import java.io.PrintWriter;
import org.imagerelease.activities.http.UrlCredentials;

/** A {@code --compose URL|DIR} as a release may keep it: never with a user and password in it. */
final class ComposeArgument {
  private ComposeArgument() {}

  /** The location without credentials, saying on {@code err} that they were dropped and where they belong. */
  static String withoutCredentials(String location, PrintWriter err) {
    if (!UrlCredentials.carried(location)) {
      return location;
    }
    String without = UrlCredentials.removed(location);
    err.printf(
        "Dropped the user and password from %s: a release keeps its compose URL where anyone can read it."
            + " The worker logs in with the netrc file ($NETRC, else ~/.netrc).%n",
        TerminalText.of(without));
    err.flush();
    return without;
  }
}
