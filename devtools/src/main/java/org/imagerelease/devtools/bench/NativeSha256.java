package org.imagerelease.devtools.bench;

import java.util.Locale;

/**
 * The tool that computes SHA-256 in the native pipelines. The pipeline hashes with SHA-NI where
 * the CPU has it (libcrypto for the file, the JVM's intrinsic for blocks); coreutils'
 * {@code sha256sum} has no such code path and is several times slower, so timing it against the
 * pipeline would measure the tool rather than the work. OpenSSL's is the fair yardstick wherever
 * it is installed.
 */
public enum NativeSha256 {
  OPENSSL("openssl", "openssl dgst -sha256 -r", "version"),
  SHA256SUM("sha256sum", "sha256sum", "--version");

  /** The option's value that takes OpenSSL where it is on the PATH and sha256sum otherwise. */
  public static final String AUTO = "auto";

  private final String tool;
  private final String command;
  private final String versionArgument;

  NativeSha256(String tool, String command, String versionArgument) {
    this.tool = tool;
    this.command = command;
    this.versionArgument = versionArgument;
  }

  /** The executable, e.g. {@code openssl}. */
  public String tool() {
    return tool;
  }

  /** What makes the tool print its version: openssl has no {@code --version}. */
  String versionArgument() {
    return versionArgument;
  }

  /** What the pipelines run; it prints "{@code <64 hex digits> <name>}". */
  public String command() {
    return command;
  }

  /**
   * The tool an option names: {@code openssl}, {@code sha256sum} or {@link #AUTO}.
   *
   * @param opensslOnPath whether openssl can be run here, for {@code auto}
   */
  static NativeSha256 chosen(String option, boolean opensslOnPath) {
    String wanted = option.toLowerCase(Locale.ROOT);
    if (wanted.equals(AUTO)) {
      return opensslOnPath ? OPENSSL : SHA256SUM;
    }
    for (NativeSha256 each : values()) {
      if (each.tool.equals(wanted)) {
        return each;
      }
    }
    throw new IllegalArgumentException("--native-sha256 is auto, openssl or sha256sum, not " + option);
  }
}
