package org.imagerelease.activities.events;

import java.util.List;
import org.imagerelease.workflows.model.LocationImage;

/**
 * The {@link LocationImage#attributes()} a target sets on the images it publishes so that the
 * published message carries what existing consumers of {@code
 * fedora_image_uploader.published.v1.<cloud>} read. The region (or other location) is always
 * {@code ref().location()}, and the target's own id {@code resourceId()}:
 *
 * <table>
 *   <caption>Attributes per target</caption>
 *   <tr><th>target</th><th>attribute</th><th>message field</th><th>example</th></tr>
 *   <tr><td>aws</td><td>{@value #AMI_NAME} (required)</td><td>image_name</td>
 *       <td>{@code Fedora-Cloud-Base-AmazonEC2.x86_64-41-1.4}</td></tr>
 *   <tr><td>aws</td><td>resourceId</td><td>regions[location]</td><td>{@code ami-0c8d2a4f1e9b7a301}</td></tr>
 *   <tr><td>azure</td><td>{@value #IMAGE_DEFINITION} (required)</td><td>image_definition_name</td>
 *       <td>{@code Fedora-Cloud-41-x64}</td></tr>
 *   <tr><td>azure</td><td>{@value #IMAGE_VERSION} (required)</td><td>image_version_name</td>
 *       <td>{@code 41.20241027.0}</td></tr>
 *   <tr><td>azure</td><td>{@value #COMMUNITY_RESOURCE_ID} (else resourceId)</td><td>image_resource_id</td>
 *       <td>{@code /CommunityGalleries/Fedora-5e26.../Images/Fedora-Cloud-41-x64/Versions/41.20241027.0}</td></tr>
 *   <tr><td>any</td><td>{@value #RELEASE} (optional)</td><td>release</td>
 *       <td>{@code 42}, for Rawhide, whose compose id has no number (see {@link ComposeVersion})</td></tr>
 * </table>
 *
 * <p>Every image of one published event should carry the same values; the first image's are used.
 */
public final class PublishedImageAttributes {
  /** AWS: the AMI name, the same in every region. */
  public static final String AMI_NAME = "amiName";

  /** Azure: the gallery image definition the version belongs to. */
  public static final String IMAGE_DEFINITION = "imageDefinition";

  /** Azure: the gallery image version name. */
  public static final String IMAGE_VERSION = "imageVersion";

  /** Azure: the community gallery id a VM can be created from; the resource id when absent. */
  public static final String COMMUNITY_RESOURCE_ID = "communityResourceId";

  /** Any target: the release number, when the compose id does not say it (Rawhide, ELN). */
  public static final String RELEASE = "release";

  private PublishedImageAttributes() {}

  /** The attributes the format requires that the image lacks; empty when none. */
  public static List<String> missingFrom(LocationImage image, PublishedFormat format) {
    return format.requiredAttributes().stream().filter(name -> image.attributes().getOrDefault(name, "").isBlank()).toList();
  }
}
