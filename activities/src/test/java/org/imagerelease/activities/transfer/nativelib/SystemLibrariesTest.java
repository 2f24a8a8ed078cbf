package org.imagerelease.activities.transfer.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemLibrariesTest {

  private static final class Functions {
    static native int image_release_no_such_function();
  }

  @Test
  void namesTheLibraryAndEveryNameTriedWhenNoneLoads() {
    UnsatisfiedLinkError failure = catchThrowableOfType(UnsatisfiedLinkError.class,
        () -> SystemLibraries.register(Functions.class, "libabsent",
            List.of("image-release-absent", "libimage-release-absent.so.1")));

    assertThat(failure).hasMessage("libabsent not found");
    assertThat(failure.getSuppressed()).hasSize(2)
        .allSatisfy(attempt -> assertThat(attempt).isInstanceOf(UnsatisfiedLinkError.class));
  }
}
