package org.imagerelease.activities.transfer.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NativeOrJavaTest {

  private static final String PROPERTY = "imagerelease.test.native-or-java";

  private final AtomicInteger loads = new AtomicInteger();

  @Test
  void takesTheLibrarysImplementationWhereItLoads() {
    NativeOrJava<String> choice = choice(() -> "native " + loads.incrementAndGet());

    assertThat(choice.forSetting("auto")).isEqualTo("native 1");
    assertThat(choice.forSetting(" Native ")).isEqualTo("native 2");
    assertThat(choice.forSetting("java")).isEqualTo("java");
  }

  @Test
  void fallsBackToJavaWhereTheLibraryDoesNotLoadUnlessNativeIsRequired() {
    NativeOrJava<String> choice = choice(NativeOrJavaTest::missingLibrary);

    assertThat(choice.forSetting("auto")).isEqualTo("java");
    assertThatThrownBy(() -> choice.forSetting("native"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot use libtest: libtest not found; libtest.so.1: no such file");
    assertThatThrownBy(choice::nativeOnly).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAnUnknownSetting() {
    assertThatThrownBy(() -> choice(() -> "native").forSetting("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-D" + PROPERTY + " must be auto, java or native, not 'fast'");
  }

  @Test
  void choosesOnceFromTheSystemProperty() {
    NativeOrJava<String> choice = choice(() -> "native " + loads.incrementAndGet());
    System.setProperty(PROPERTY, "java");
    try {
      assertThat(choice.configured()).isEqualTo("java");
      System.clearProperty(PROPERTY);
      assertThat(choice.configured()).isEqualTo("java");
    } finally {
      System.clearProperty(PROPERTY);
    }
    assertThat(loads).hasValue(0);
  }

  private static NativeOrJava<String> choice(Supplier<String> loadNative) {
    return new NativeOrJava<>(PROPERTY, "Testing", "libtest", loadNative, () -> "java",
        implementation -> implementation);
  }

  private static String missingLibrary() {
    UnsatisfiedLinkError failure = new UnsatisfiedLinkError("libtest not found");
    failure.addSuppressed(new UnsatisfiedLinkError("libtest.so.1: no such file\nsearched: /lib"));
    throw failure;
  }
}
