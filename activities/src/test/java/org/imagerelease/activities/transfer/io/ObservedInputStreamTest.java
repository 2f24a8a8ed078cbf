package org.imagerelease.activities.transfer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObservedInputStreamTest {

  /** Records what it is shown. */
  private static final class Recording extends ObservedInputStream {
    final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int ends;

    Recording(InputStream in) {
      super(in);
    }

    @Override
    protected void observe(byte[] bytes, int offset, int length) {
      seen.write(bytes, offset, length);
    }

    @Override
    protected void ended() {
      ends++;
    }
  }

  @Test
  void showsEveryByteOfBulkSingleAndSkippedReadsInOrder() throws IOException {
    byte[] content = new byte[300_000];
    new Random(5).nextBytes(content);
    Recording stream = new Recording(new ByteArrayInputStream(content));
    ByteArrayOutputStream passedOn = new ByteArrayOutputStream();

    passedOn.write(stream.read());
    passedOn.write(stream.readNBytes(1_000));
    assertThat(stream.skip(150_000)).isEqualTo(150_000);
    passedOn.write(stream.readAllBytes());

    assertThat(stream.seen.toByteArray()).isEqualTo(content);
    assertThat(passedOn.size()).isEqualTo(content.length - 150_000);
    assertThat(stream.ends).isPositive();
  }

  @Test
  void tellsEveryReadThatFindsTheEnd() throws IOException {
    Recording stream = new Recording(new ByteArrayInputStream(new byte[3]));

    assertThat(stream.read(new byte[3], 0, 3)).isEqualTo(3);
    assertThat(stream.ends).isZero();
    assertThat(stream.read()).isEqualTo(-1);
    assertThat(stream.read(new byte[8], 0, 8)).isEqualTo(-1);

    assertThat(stream.ends).isEqualTo(2);
    assertThat(stream.skip(10)).isZero();
  }

  @Test
  void supportsNoMarkOverAStreamThatDoes() {
    Recording stream = new Recording(new ByteArrayInputStream(new byte[10]));

    stream.mark(5);

    assertThat(stream.markSupported()).isFalse();
    assertThatThrownBy(stream::reset).isInstanceOf(IOException.class);
  }
}
