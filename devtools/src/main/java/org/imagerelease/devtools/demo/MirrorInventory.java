package org.imagerelease.devtools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.activities.mirror.MirrorRoot;

/**
 * What the mirror roots hold after a release, read from disk rather than from the release's own
 * account of it: the public files, the CHECKSUM files among them, and anything left in staging.
 *
 * @param publishedFiles absolute paths of public image files (CHECKSUM files not included)
 * @param checksumFiles absolute paths of public CHECKSUM files
 * @param stagedFiles absolute paths of files left in the roots' staging areas (the roots' lock
 *     file not counted)
 */
public record MirrorInventory(List<String> publishedFiles, List<String> checksumFiles, List<String> stagedFiles) {
  /** The mirror target's staging area and lock file under each root (see MirrorTarget). */
  private static final String STAGING = ".staging";
  private static final String LOCK = ".lock";
  private static final String CHECKSUM = "CHECKSUM";

  public MirrorInventory {
    publishedFiles = List.copyOf(publishedFiles);
    checksumFiles = List.copyOf(checksumFiles);
    stagedFiles = List.copyOf(stagedFiles);
  }

  static MirrorInventory of(List<MirrorRoot> roots) throws IOException {
    List<String> published = new ArrayList<>();
    List<String> checksums = new ArrayList<>();
    List<String> staged = new ArrayList<>();
    for (MirrorRoot root : roots) {
      Path top = root.directory();
      if (!Files.isDirectory(top)) {
        continue;
      }
      Path staging = top.resolve(STAGING);
      try (Stream<Path> files = Files.walk(top)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          if (file.startsWith(staging)) {
            if (!file.equals(staging.resolve(LOCK))) {
              staged.add(file.toString());
            }
          } else if (file.getFileName().toString().equals(CHECKSUM)) {
            checksums.add(file.toString());
          } else {
            published.add(file.toString());
          }
        }
      }
    }
    return new MirrorInventory(published, checksums, staged);
  }
}
