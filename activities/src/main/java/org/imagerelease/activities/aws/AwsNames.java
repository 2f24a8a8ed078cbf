package org.imagerelease.activities.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.events.ComposeVersion;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;

/**
 * The names, tags and idempotency tokens of everything the AWS target makes, all derived from
 * the image at its location: a retry, a resumed attempt or an undo finds what an earlier one made.
 */
final class AwsNames {
  static final String MANAGED_BY = "ManagedBy";
  static final String MANAGED_BY_US = "image-release";
  static final String RELEASE_ID = "ReleaseId";
  static final String COMPOSE_ID = "ComposeId";
  static final String IMAGE_FILE = "ImageFile";
  static final String SUBVARIANT = "Subvariant";
  static final String ARCH = "Arch";
  /** On a published AMI: the value its SSM parameter had before, which unpublishing restores. */
  static final String PREVIOUS_SSM_VALUE = "PreviousSsmValue";

  private AwsNames() {}

  /** The AMI's name, from the configured template. */
  static String amiName(String template, ImageAtLocation ref) {
    return render(template, ref);
  }

  /** The SSM parameter's name, from the configured template. */
  static String ssmParameter(String template, ImageAtLocation ref) {
    return render(template, ref);
  }

  /** The tags of every resource made for the image: who made it, for which release and image. */
  static Map<String, String> tags(ImageAtLocation ref, Map<String, String> configured) {
    Map<String, String> tags = new LinkedHashMap<>(configured);
    tags.put(MANAGED_BY, MANAGED_BY_US);
    tags.put(RELEASE_ID, ref.releaseId());
    tags.put(COMPOSE_ID, ref.composeId());
    tags.put(IMAGE_FILE, ref.imageName());
    tags.put(SUBVARIANT, ref.image().subvariant());
    tags.put(ARCH, ref.image().arch());
    return tags;
  }

  /**
   * An idempotency token for one call that creates something: a retry of the call sends the same
   * token and gets what the first made. {@code generation} tells a deliberate second try (a
   * snapshot that failed) from a retry.
   */
  static String clientToken(String purpose, ImageAtLocation ref, int generation) {
    String key = String.join("|", purpose, ref.releaseId(), ref.imageName(), ref.location(), Integer.toString(generation));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      // At most 64 ASCII characters, as EC2's idempotency rules ask.
      return purpose + "-" + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** The architecture as EC2 names it: aarch64 is arm64. */
  static String ec2Architecture(String arch) {
    return arch.equals("aarch64") ? "arm64" : arch;
  }

  /** The release a compose belongs to: its number, or {@code rawhide}, {@code eln}. */
  static String release(String composeId) {
    ComposeVersion version = ComposeVersion.of(composeId);
    return version.releaseNumber().isPresent() ? Integer.toString(version.releaseNumber().getAsInt()) : version.channel();
  }

  /**
   * Whether compose {@code a} is newer than {@code b}: a later date, or the same date and a higher
   * respin, as Pungi numbers them ({@code -20241027.n.1} after {@code -20241027.n.0}). Ids that do
   * not end in a date and respin are never newer.
   */
  static boolean isNewerCompose(String a, String b) {
    Optional<ComposeVersion.DateAndRespin> first = ComposeVersion.dateAndRespin(a);
    Optional<ComposeVersion.DateAndRespin> second = ComposeVersion.dateAndRespin(b);
    return first.isPresent() && second.isPresent() && first.get().compareTo(second.get()) > 0;
  }

  static boolean isRawhide(String composeId) {
    return ComposeVersion.of(composeId).channel().equals("rawhide");
  }

  private static String render(String template, ImageAtLocation ref) {
    ImageArtifact image = ref.image();
    return template
        .replace("{image}", baseName(image))
        .replace("{compose_id}", ref.composeId())
        .replace("{arch}", image.arch())
        .replace("{subvariant}", image.subvariant().isBlank() ? image.variant() : image.subvariant())
        .replace("{variant}", image.variant())
        .replace("{release}", release(ref.composeId()));
  }

  /** The file name without its format's extensions: {@code Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64}. */
  static String baseName(ImageArtifact image) {
    String name = image.fileName();
    String format = image.format();
    if (!format.isBlank() && name.endsWith("." + format)) {
      return name.substring(0, name.length() - format.length() - 1);
    }
    return name;
  }
}
