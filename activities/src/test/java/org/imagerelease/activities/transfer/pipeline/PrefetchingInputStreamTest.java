package org.imagerelease.activities.transfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.imagerelease.activities.transfer.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrefetchingInputStreamTest {

  private final ExecutorService fetcher = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopFetcher() {
    fetcher.shutdownNow();
  }

  @Test
  void deliversEveryByteInOrder() throws IOException {
    byte[] source = TestImages.sparseImage(3_000_000, 4);
    InputStream prefetching =
        new PrefetchingInputStream(new ByteArrayInputStream(source), fetcher);

    ByteArrayOutputStream received = new ByteArrayOutputStream();
    received.write(prefetching.read());
    byte[] buffer = new byte[70_001];
    int n;
    while ((n = prefetching.read(buffer, 0, buffer.length)) >= 0) {
      received.write(buffer, 0, n);
    }

    assertThat(received.toByteArray()).isEqualTo(source);
    assertThat(prefetching.read()).isEqualTo(-1);
  }

  @Test
  void failsWhereTheSourceFailedWithItsException() throws IOException {
    IOException broken = new IOException("connection lost for good");
    InputStream failing =
        new InputStream() {
          private int left = 600_000;

          @Override
          public int read() throws IOException {
            if (left == 0) {
              throw broken;
            }
            left--;
            return 7;
          }
        };
    InputStream prefetching = new PrefetchingInputStream(failing, fetcher);

    byte[] received = prefetching.readNBytes(600_000);
    Throwable failure = catchThrowable(prefetching::read);

    assertThat(received).hasSize(600_000).containsOnly(7);
    assertThat(failure).isSameAs(broken);
  }
}
