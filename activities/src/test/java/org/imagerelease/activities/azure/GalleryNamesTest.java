package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Gallery version names from compose ids: three integers that grow with every compose of a line. */
class GalleryNamesTest {

  @Test
  void aVersionIsTheReleaseTheDateAndTheRespin() {
    assertThat(GalleryNames.versionName("Fedora-41-20241027.0")).contains("41.20241027.0");
    assertThat(GalleryNames.versionName("Fedora-40-20240501.n.0")).as("as fedora-image-uploader names it").contains("40.20240501.0");
    assertThat(GalleryNames.versionName("Fedora-Rawhide-20241028.n.1")).as("Rawhide names no release").contains("0.20241028.1");
  }

  @Test
  void anIdWithoutADateAndARespinOrWithAnAbsurdRespinNamesNoVersion() {
    assertThat(GalleryNames.versionName("Fedora-41-latest")).isEmpty();
    assertThat(GalleryNames.versionName("Fedora-41-20241027.1000000")).isEmpty();
    assertThat(GalleryNames.versionName("Fedora-41-20241027.999999")).contains("41.20241027.999999");
  }
}
