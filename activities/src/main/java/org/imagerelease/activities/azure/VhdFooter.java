package org.imagerelease.activities.azure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * The 512-byte footer that ends a VHD file (Microsoft's VHD specification: big-endian fields,
 * cookie {@code conectix}, a one's complement checksum), checked for what Azure takes as a disk
 * image: a fixed disk whose virtual size is a whole number of MiB and whose footer directly
 * follows that many bytes. It is read before anything is created, so an image Azure would refuse
 * hours later, after its upload, is refused at once.
 *
 * @param currentSize the virtual disk's size in bytes, which the data before the footer fills
 * @param diskType 2 fixed, 3 dynamic, 4 differencing
 */
record VhdFooter(long currentSize, int diskType) {
  static final int SIZE = 512;
  static final int FIXED = 2;
  static final long MIB = 1L << 20;

  private static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
  private static final int DISK_TYPE_OFFSET = 60;
  private static final int CURRENT_SIZE_OFFSET = 48;
  private static final int CHECKSUM_OFFSET = 64;

  /**
   * The footer of the image {@code imageName} of {@code imageSize} decoded bytes, whose last 512
   * bytes are {@code footer}, if Azure can take the image.
   *
   * @throws ReleaseException UNSUPPORTED_IMAGE naming the image and what is wrong with it
   */
  static VhdFooter check(byte[] footer, long imageSize, String imageName) {
    if (footer.length != SIZE || imageSize < SIZE) {
      throw unsupported(imageName, "it is " + imageSize + " bytes long, too short to end with a 512-byte VHD footer");
    }
    ByteBuffer fields = ByteBuffer.wrap(footer);
    for (int i = 0; i < COOKIE.length; i++) {
      if (footer[i] != COOKIE[i]) {
        throw unsupported(imageName, "its last 512 bytes are not a VHD footer (no 'conectix' cookie)");
      }
    }
    long stored = Integer.toUnsignedLong(fields.getInt(CHECKSUM_OFFSET));
    long computed = checksum(footer);
    if (stored != computed) {
      throw unsupported(
          imageName, "its VHD footer's checksum is 0x" + Long.toHexString(stored) + " but its bytes sum to 0x" + Long.toHexString(computed));
    }
    int diskType = fields.getInt(DISK_TYPE_OFFSET);
    if (diskType != FIXED) {
      throw unsupported(imageName, "it is a " + diskTypeName(diskType) + " VHD; Azure takes fixed VHDs only (qemu-img convert -o subformat=fixed)");
    }
    long currentSize = fields.getLong(CURRENT_SIZE_OFFSET);
    if (currentSize != imageSize - SIZE) {
      throw unsupported(
          imageName, "its VHD footer says the disk is " + currentSize + " bytes, but " + (imageSize - SIZE) + " bytes precede the footer");
    }
    if (currentSize <= 0 || currentSize % MIB != 0) {
      throw unsupported(imageName, "its virtual size " + currentSize + " bytes is not a whole number of MiB, as Azure requires");
    }
    return new VhdFooter(currentSize, diskType);
  }

  /** One's complement of the sum of the footer's bytes, the checksum field taken as zero. */
  static long checksum(byte[] footer) {
    long sum = 0;
    for (int i = 0; i < SIZE; i++) {
      if (i < CHECKSUM_OFFSET || i >= CHECKSUM_OFFSET + 4) {
        sum += footer[i] & 0xff;
      }
    }
    return ~sum & 0xffffffffL;
  }

  private static String diskTypeName(int diskType) {
    return switch (diskType) {
      case 3 -> "dynamic";
      case 4 -> "differencing";
      default -> "type-" + diskType;
    };
  }

  private static ReleaseException unsupported(String imageName, String why) {
    return new ReleaseException(ReleaseFailureTypes.UNSUPPORTED_IMAGE, "Image " + imageName + " cannot go to Azure: " + why);
  }
}
