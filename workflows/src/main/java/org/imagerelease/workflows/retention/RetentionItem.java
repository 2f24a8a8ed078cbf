package org.imagerelease.workflows.retention;

/**
 * One thing retention removes.
 *
 * @param target the target that made it, e.g. {@code azure}
 * @param kind e.g. {@code gallery-version}, {@code upload-blob}
 * @param container where it lives: a version's image definition, a blob's container
 * @param name the version or blob name
 * @param why the rules that remove it, as a person reads them
 */
public record RetentionItem(String target, String kind, String container, String name, String why) {
  @Override
  public String toString() {
    return target + " " + kind + " " + container + "/" + name;
  }
}
