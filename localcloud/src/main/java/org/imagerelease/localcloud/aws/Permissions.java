package org.imagerelease.localcloud.aws;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A launch or create-volume permission change, in either of the forms EC2 takes:
 * {@code LaunchPermission.Add.N.Group=all} / {@code .UserId=...} (and {@code .Remove.N}), or
 * {@code OperationType=add|remove} with {@code UserGroup.N} and {@code UserId.N}.
 */
record Permissions(boolean addPublic, boolean removePublic, Set<String> addUsers,
    Set<String> removeUsers) {

  boolean any() {
    return addPublic || removePublic || !addUsers.isEmpty() || !removeUsers.isEmpty();
  }

  static Permissions from(QueryParams params, String structure) {
    boolean addPublic = false;
    boolean removePublic = false;
    Set<String> addUsers = new LinkedHashSet<>();
    Set<String> removeUsers = new LinkedHashSet<>();
    QueryParams permission = params.struct(structure);
    for (QueryParams add : permission.structs("Add")) {
      addPublic |= group(add.get("Group"));
      user(add.get("UserId"), addUsers);
      refuseOrganizations(add);
    }
    for (QueryParams remove : permission.structs("Remove")) {
      removePublic |= group(remove.get("Group"));
      user(remove.get("UserId"), removeUsers);
      refuseOrganizations(remove);
    }
    String operation = params.get("OperationType");
    if (operation != null) {
      if (!operation.equals("add") && !operation.equals("remove")) {
        throw Ec2Errors.invalidParameterValue("Value (" + operation
            + ") for parameter operationType is invalid. Expected: 'add', 'remove'");
      }
      boolean add = operation.equals("add");
      List<String> groups = params.strings("UserGroup");
      for (String group : groups) {
        if (add) {
          addPublic |= group(group);
        } else {
          removePublic |= group(group);
        }
      }
      params.strings("UserId").forEach(user -> user(user, add ? addUsers : removeUsers));
    }
    return new Permissions(addPublic, removePublic, addUsers, removeUsers);
  }

  private static boolean group(String group) {
    if (group == null) {
      return false;
    }
    if (!group.equals("all")) {
      throw Ec2Errors.invalidParameterValue("Value (" + group + ") for parameter group is invalid. Expected: 'all'");
    }
    return true;
  }

  private static void user(String userId, Set<String> into) {
    if (userId == null) {
      return;
    }
    if (!userId.matches("[0-9]{12}")) {
      throw Ec2Errors.invalidParameterValue("Invalid user id: " + userId);
    }
    into.add(userId);
  }

  private static void refuseOrganizations(QueryParams permission) {
    if (permission.get("OrganizationArn") != null || permission.get("OrganizationalUnitArn") != null) {
      throw Ec2Errors.invalidParameterValue("Sharing with organizations is not supported by this local endpoint");
    }
  }
}
