package org.imagerelease.localcloud.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * EC2's {@code Filter.N.Name} / {@code Filter.N.Value.M}: a resource matches when, for every
 * filter, one of its values matches one of the filter's values ({@code *} and {@code ?} are
 * wildcards). {@code tag:Key}, {@code tag-key} and {@code tag-value} work on every tagged
 * resource; other names are the resource kind's attributes. An unknown name is an error, as
 * with AWS.
 */
final class Filters {
  private record Filter(String name, List<Pattern> values) {}

  private final List<Filter> filters;

  private Filters(List<Filter> filters) {
    this.filters = filters;
  }

  static Filters from(QueryParams params) {
    return new Filters(params.structs("Filter").stream()
        .map(filter -> new Filter(filter.required("Name"),
            filter.strings("Value").stream().map(Filters::glob).toList()))
        .toList());
  }

  /**
   * @param attributes filter name to the resource's value(s): a string, a boolean, a number or a
   *     collection of them; null when it has none
   */
  <T extends Tagged> boolean matches(T resource, Map<String, Function<T, Object>> attributes) {
    for (Filter filter : filters) {
      Object values;
      if (filter.name().startsWith("tag:")) {
        values = resource.tags().get(filter.name().substring(4));
      } else if (filter.name().equals("tag-key")) {
        values = resource.tags().keySet();
      } else if (filter.name().equals("tag-value")) {
        values = resource.tags().values();
      } else {
        Function<T, Object> attribute = attributes.get(filter.name());
        if (attribute == null) {
          throw Ec2Errors.invalidParameterValue("The filter '" + filter.name() + "' is invalid");
        }
        values = attribute.apply(resource);
      }
      if (!anyMatches(filter, values)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(Filter filter, Object values) {
    if (values == null) {
      return false;
    }
    Collection<?> all = values instanceof Collection<?> collection ? collection : List.of(values);
    return all.stream().anyMatch(value -> value != null
        && filter.values().stream().anyMatch(pattern -> pattern.matcher(value.toString()).matches()));
  }

  private static Pattern glob(String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
