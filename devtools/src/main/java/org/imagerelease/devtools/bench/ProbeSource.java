package org.imagerelease.devtools.bench;

import java.net.URI;
import picocli.CommandLine.Option;

/** The served .xz file a probe reads, as images.json would list it, and how many blocks it decodes at once. */
final class ProbeSource {
  @Option(names = "--url", required = true, description = "The .xz file to read.")
  URI url;

  @Option(names = "--compressed-size", required = true, description = "Its size in bytes.")
  long compressedSize;

  @Option(names = "--sha256", required = true, description = "Its SHA-256, as images.json would list it.")
  String sha256;

  @Option(names = "--threads", required = true, description = "xz blocks decoded at once.")
  int threads;
}
