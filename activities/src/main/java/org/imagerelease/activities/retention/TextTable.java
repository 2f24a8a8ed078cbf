package org.imagerelease.activities.retention;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, as a release engineer reads them in a terminal. */
final class TextTable {
  private static final String INDENT = "  ";
  private static final String GAP = "  ";

  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    rows.add(List.of(headers));
  }

  TextTable row(String... cells) {
    if (cells.length != rows.get(0).size()) {
      throw new IllegalArgumentException("a row needs " + rows.get(0).size() + " cells, had " + cells.length);
    }
    rows.add(List.of(cells));
    return this;
  }

  /** The table, one line per row, each ending in a newline; the last column is not padded. */
  String render() {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int column = 0; column < columns; column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder(INDENT);
      for (int column = 0; column < columns; column++) {
        boolean last = column == columns - 1;
        line.append(last ? row.get(column) : pad(row.get(column), widths[column]) + GAP);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(width - cell.length());
  }
}
