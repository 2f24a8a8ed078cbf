package org.imagerelease.activities.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The real upstream files under {@code src/test/resources/conformance/} (see its SOURCES.md for
 * where each came from), read as they are. Other modules' tests read them through this module's
 * test jar.
 */
public final class RealFiles {
  /** A real Pungi images.json (productmd 1.2) of compose Fedora-Rawhide-20230502.n.0. */
  public static final String RAWHIDE_IMAGES = "AdamWill/fedora_openqa-ai-test/images.json";

  /** fedora_openqa's WANTED list: the images openQA tests. */
  public static final String OPENQA_WANTED = "AdamWill/fedora_openqa-ai-test/WANTED.json";

  private RealFiles() {}

  /** The file's bytes, e.g. {@code bytes("release-engineering/productmd/f23.json")}. */
  public static byte[] bytes(String path) {
    try (InputStream in = RealFiles.class.getResourceAsStream("/conformance/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no real file conformance/" + path + " in the test resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }
}
