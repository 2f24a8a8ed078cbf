package org.imagerelease.devtools.bench;

import java.util.List;

/**
 * Repeated measurements of one thing, in seconds: the median, as the run-to-run figure, and the
 * range, so a reader sees how much the machine wandered.
 *
 * @param median the middle value (the mean of the middle two for an even count)
 * @param min the smallest
 * @param max the largest
 * @param values every measurement in the order taken
 */
public record Spread(double median, double min, double max, List<Double> values) {

  public Spread {
    values = List.copyOf(values);
  }

  static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    double median = sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    return new Spread(median, sorted.get(0), sorted.get(sorted.size() - 1), values);
  }
}
