package org.imagerelease.activities.transfer.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.source.SourceUnavailableException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * A decoder's output, with its failures told apart: the source failing or being stopped stays an
 * {@link IOException} (a retry may help); anything else the decoder throws means the archive
 * itself is truncated or corrupt, since the source always delivers the declared bytes or fails.
 */
final class DecodedInputStream extends FilterInputStream {

  /** Creates a decoder, which may already read and reject the archive's header. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  private final String imageName;
  private final String what;

  private DecodedInputStream(InputStream decoder, String imageName, String what) {
    super(decoder);
    this.imageName = imageName;
    this.what = what;
  }

  /**
   * @param what which part of the image the decoder reads, for messages, e.g. "xz block 7"
   */
  static DecodedInputStream open(Opener decoder, String imageName, String what)
      throws IOException {
    try {
      return new DecodedInputStream(decoder.open(), imageName, what);
    } catch (IOException e) {
      throw classify(e, imageName, what);
    }
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw classify(e, imageName, what);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      return in.read(buffer, offset, length);
    } catch (IOException e) {
      throw classify(e, imageName, what);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } catch (IOException e) {
      throw classify(e, imageName, what);
    }
  }

  private static IOException classify(IOException failure, String imageName, String what) {
    if (failure instanceof SourceUnavailableException || failure instanceof InterruptedIOException) {
      return failure;
    }
    throw new ReleaseException(
        ReleaseFailureTypes.CORRUPT_ARCHIVE,
        "Image " + imageName + " is truncated or corrupt (" + what + "): " + failure.getMessage(),
        failure);
  }
}
