package org.imagerelease.localcloud.disk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** A directory being built for a FAT volume: subdirectories and files in the order added. */
public final class FatDirectory {
  /** A file to be written: its name in this directory and its content. */
  record FatFile(String name, byte[] content) {}

  private final String name;
  private final List<Object> children = new ArrayList<>();

  FatDirectory(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Files ({@link FatFile}) and subdirectories ({@link FatDirectory}) in the order added. */
  List<Object> children() {
    return Collections.unmodifiableList(children);
  }

  /** The subdirectory at a slash-separated {@code path}, created along the way as needed. */
  public FatDirectory directory(String path) {
    FatDirectory current = this;
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        current = current.child(part);
      }
    }
    return current;
  }

  /** Adds a file at a slash-separated {@code path} below this directory. */
  public FatDirectory file(String path, byte[] content) {
    int slash = path.lastIndexOf('/');
    FatDirectory parent = slash < 0 ? this : directory(path.substring(0, slash));
    String fileName = path.substring(slash + 1);
    parent.requireFree(fileName);
    parent.children.add(new FatFile(fileName, content.clone()));
    return this;
  }

  private FatDirectory child(String childName) {
    for (Object child : children) {
      if (child instanceof FatDirectory directory && sameName(directory.name, childName)) {
        return directory;
      }
    }
    requireFree(childName);
    FatDirectory directory = new FatDirectory(childName);
    children.add(directory);
    return directory;
  }

  private void requireFree(String childName) {
    if (childName.isEmpty() || childName.equals(".") || childName.equals("..")) {
      throw new IllegalArgumentException("invalid FAT file name: '" + childName + "'");
    }
    for (Object child : children) {
      String existing = child instanceof FatDirectory d ? d.name : ((FatFile) child).name();
      if (sameName(existing, childName)) {
        throw new IllegalArgumentException(childName + " already exists in " + name);
      }
    }
  }

  /** FAT names are case-insensitive. */
  private static boolean sameName(String a, String b) {
    return a.toUpperCase(Locale.ROOT).equals(b.toUpperCase(Locale.ROOT));
  }
}
