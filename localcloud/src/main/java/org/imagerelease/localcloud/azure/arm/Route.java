package org.imagerelease.localcloud.azure.arm;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Where an ARM request goes: the subscription / resource group / provider path layout of Azure
 * Resource Manager, for the paths this endpoint serves. ARM matches the fixed segments without
 * regard to case ({@code resourceGroups}, {@code resourcegroups}), so does this.
 */
record Route(Kind kind, String subscription, String resourceGroup, String gallery, String image,
    String version, String location, String operationId) {

  enum Kind {
    /** {@code /subscriptions/{s}/providers/Microsoft.Compute}. */
    PROVIDER,
    /** {@code /subscriptions/{s}/providers/Microsoft.Compute/register}. */
    PROVIDER_REGISTRATION,
    /** {@code /subscriptions/{s}/providers/Microsoft.Compute/galleries}. */
    SUBSCRIPTION_GALLERIES,
    /** {@code .../providers/Microsoft.Compute/locations/{l}/capsOperations/{id}}. */
    OPERATION,
    GALLERIES,
    GALLERY,
    IMAGES,
    IMAGE,
    VERSIONS,
    VERSION
  }

  static final String PROVIDER_NAMESPACE = "Microsoft.Compute";

  /** The route of {@code rawPath}, or null for a path this endpoint does not serve. */
  static Route of(String rawPath) {
    List<String> parts = Arrays.stream(rawPath.split("/")).filter(part -> !part.isEmpty())
        .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8)).toList();
    if (parts.size() < 2 || !is(parts, 0, "subscriptions")) {
      return null;
    }
    String subscription = parts.get(1);
    if (parts.size() >= 4 && is(parts, 2, "providers") && is(parts, 3, PROVIDER_NAMESPACE)) {
      List<String> rest = parts.subList(4, parts.size());
      if (rest.isEmpty()) {
        return new Route(Kind.PROVIDER, subscription, null, null, null, null, null, null);
      }
      if (rest.size() == 1 && is(rest, 0, "register")) {
        return new Route(Kind.PROVIDER_REGISTRATION, subscription, null, null, null, null, null, null);
      }
      if (rest.size() == 1 && is(rest, 0, "galleries")) {
        return new Route(Kind.SUBSCRIPTION_GALLERIES, subscription, null, null, null, null, null, null);
      }
      if (rest.size() == 4 && is(rest, 0, "locations") && is(rest, 2, "capsOperations")) {
        return new Route(Kind.OPERATION, subscription, null, null, null, null, rest.get(1), rest.get(3));
      }
      return null;
    }
    if (parts.size() < 7 || !is(parts, 2, "resourceGroups") || !is(parts, 4, "providers")
        || !is(parts, 5, PROVIDER_NAMESPACE) || !is(parts, 6, "galleries")) {
      return null;
    }
    String group = parts.get(3);
    List<String> rest = parts.subList(7, parts.size());
    return switch (rest.size()) {
      case 0 -> new Route(Kind.GALLERIES, subscription, group, null, null, null, null, null);
      case 1 -> new Route(Kind.GALLERY, subscription, group, rest.get(0), null, null, null, null);
      case 2 -> is(rest, 1, "images")
          ? new Route(Kind.IMAGES, subscription, group, rest.get(0), null, null, null, null) : null;
      case 3 -> is(rest, 1, "images")
          ? new Route(Kind.IMAGE, subscription, group, rest.get(0), rest.get(2), null, null, null) : null;
      case 4 -> is(rest, 1, "images") && is(rest, 3, "versions")
          ? new Route(Kind.VERSIONS, subscription, group, rest.get(0), rest.get(2), null, null, null)
          : null;
      case 5 -> is(rest, 1, "images") && is(rest, 3, "versions")
          ? new Route(Kind.VERSION, subscription, group, rest.get(0), rest.get(2), rest.get(4), null, null)
          : null;
      default -> null;
    };
  }

  /** The spec's operationId of {@code method} on this route, e.g. {@code GalleryImageVersions_Get}. */
  String operation(String method) {
    String collection = switch (kind) {
      case GALLERIES, GALLERY, SUBSCRIPTION_GALLERIES -> "Galleries";
      case IMAGES, IMAGE -> "GalleryImages";
      case VERSIONS, VERSION -> "GalleryImageVersions";
      case PROVIDER -> "Providers";
      case PROVIDER_REGISTRATION -> "Providers";
      case OPERATION -> "OperationStatus";
    };
    String verb = switch (kind) {
      case SUBSCRIPTION_GALLERIES -> "List";
      case GALLERIES -> "ListByResourceGroup";
      case IMAGES -> "ListByGallery";
      case VERSIONS -> "ListByGalleryImage";
      case PROVIDER_REGISTRATION -> "Register";
      case PROVIDER, OPERATION -> "Get";
      default -> switch (method) {
        case "PUT" -> "CreateOrUpdate";
        case "PATCH" -> "Update";
        case "DELETE" -> "Delete";
        default -> "Get";
      };
    };
    return collection + "_" + verb;
  }

  private static boolean is(List<String> parts, int index, String fixed) {
    return parts.get(index).equalsIgnoreCase(fixed);
  }
}
