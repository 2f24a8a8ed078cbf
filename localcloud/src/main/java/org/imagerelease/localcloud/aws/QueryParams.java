package org.imagerelease.localcloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameters of an EC2 Query request, read the way the ec2 protocol writes them: members by
 * their query name, lists flattened as {@code Name.1}, {@code Name.2}, structures as
 * {@code Name.Member} ({@code Filter.1.Value.2}). A view has a prefix, so a list's structures are
 * views of the same parameters.
 */
final class QueryParams {
  private final Map<String, String> parameters;
  private final String prefix;

  QueryParams(Map<String, String> parameters) {
    this(parameters, "");
  }

  private QueryParams(Map<String, String> parameters, String prefix) {
    this.parameters = parameters;
    this.prefix = prefix;
  }

  String get(String name) {
    return parameters.get(prefix + name);
  }

  String required(String name) {
    String value = get(name);
    if (value == null || value.isEmpty()) {
      throw Ec2Errors.missingParameter(prefix + name);
    }
    return value;
  }

  boolean bool(String name, boolean otherwise) {
    String value = get(name);
    if (value == null) {
      return otherwise;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw Ec2Errors.invalidParameterValue("Value (" + value + ") for parameter " + prefix + name
          + " is invalid. Expected: 'true' or 'false'.");
    }
    return Boolean.parseBoolean(value);
  }

  Boolean bool(String name) {
    return get(name) == null ? null : bool(name, false);
  }

  Integer integer(String name) {
    String value = get(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw Ec2Errors.invalidParameterValue("Value (" + value + ") for parameter " + prefix + name
          + " is invalid. Expected a number.");
    }
  }

  /** The values of a flattened list: {@code name.1}, {@code name.2}, ... in index order. */
  List<String> strings(String name) {
    List<String> values = new ArrayList<>();
    for (int index : indexes(name)) {
      String value = get(name + "." + index);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  /** The structures of a flattened list, each a view of its own members. */
  List<QueryParams> structs(String name) {
    List<QueryParams> structs = new ArrayList<>();
    for (int index : indexes(name)) {
      structs.add(new QueryParams(parameters, prefix + name + "." + index + "."));
    }
    return structs;
  }

  /** A nested structure's members, e.g. {@code LaunchPermission.Add}. */
  QueryParams struct(String name) {
    return new QueryParams(parameters, prefix + name + ".");
  }

  /** Whether any parameter starts with {@code name}, e.g. any of {@code LaunchPermission.*}. */
  boolean has(String name) {
    String full = prefix + name;
    return parameters.keySet().stream().anyMatch(key -> key.equals(full) || key.startsWith(full + "."));
  }

  private TreeSet<Integer> indexes(String name) {
    String start = prefix + name + ".";
    TreeSet<Integer> indexes = new TreeSet<>();
    for (String key : parameters.keySet()) {
      if (key.startsWith(start)) {
        String rest = key.substring(start.length());
        int dot = rest.indexOf('.');
        String number = dot < 0 ? rest : rest.substring(0, dot);
        try {
          indexes.add(Integer.parseInt(number));
        } catch (NumberFormatException e) {
          // not a list member, e.g. Filter.Name without an index; AWS ignores those too
        }
      }
    }
    return indexes;
  }
}
