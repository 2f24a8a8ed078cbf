package org.imagerelease.starter.cli;

/** Who is at the keyboard, for the audit trail of approvals, rejections and cancels. */
final class Who {
  private Who() {}

  static String current() {
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
  }
}
