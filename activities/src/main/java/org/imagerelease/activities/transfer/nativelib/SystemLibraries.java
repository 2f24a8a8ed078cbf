package org.imagerelease.activities.transfer.nativelib;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.List;

/**
 * Binds JNA's direct mappings to a system library, which goes by different names on different
 * systems (the linker's name, then the run-time names of the versions a binding supports).
 */
public final class SystemLibraries {

  private SystemLibraries() {}

  /**
   * Registers the native methods of {@code functions} with the first of {@code names} that loads.
   *
   * @param library the library, for the message, e.g. {@code liblzma}
   * @throws UnsatisfiedLinkError {@code <library> not found}, with each name's failure
   *     suppressed, when none loads
   */
  public static void register(Class<?> functions, String library, List<String> names) {
    UnsatisfiedLinkError failure = new UnsatisfiedLinkError(library + " not found");
    for (String name : names) {
      try {
        Native.register(functions, NativeLibrary.getInstance(name));
        return;
      } catch (UnsatisfiedLinkError e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }
}
