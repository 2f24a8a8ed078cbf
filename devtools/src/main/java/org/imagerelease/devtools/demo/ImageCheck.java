package org.imagerelease.devtools.demo;

/**
 * One check the local test runner made on an image.
 *
 * @param name what was checked, e.g. {@code partition table}
 * @param passed whether it held
 * @param detail what was found, or why it failed
 */
public record ImageCheck(String name, boolean passed, String detail) {
  static ImageCheck ok(String name, String detail) {
    return new ImageCheck(name, true, detail);
  }

  static ImageCheck failure(String name, String detail) {
    return new ImageCheck(name, false, detail);
  }
}
