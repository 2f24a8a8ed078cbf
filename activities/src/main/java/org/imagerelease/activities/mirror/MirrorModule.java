package org.imagerelease.activities.mirror;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.events.PublishedFormat;
import org.imagerelease.activities.events.PublishedFormats;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetModule;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * The mirror network as a target module: {@code [consumer_config.mirror]} with its roots (one
 * root {@code local} in {@code ./mirror} by default), selection and testcases.
 */
public final class MirrorModule implements TargetModule {

  @Override
  public String name() {
    return MirrorTarget.NAME;
  }

  @Override
  public TargetConfig configure(TomlTable table) {
    boolean enabled = table.bool("enabled", true);
    List<MirrorRoot> roots = new ArrayList<>();
    for (TomlTable root : table.tables("roots")) {
      roots.add(new MirrorRoot(root.requiredString("name"), Path.of(root.requiredString("path")), root.string("public_url", "")));
      root.rejectUnknownKeys();
    }
    if (roots.isEmpty()) {
      roots.add(new MirrorRoot("local", Path.of("mirror"), ""));
    }
    SelectionRule selection = SelectionRule.read(table.table("selection"), SelectionRule.mirrorDefault());
    Optional<List<String>> testcases = table.has("testcases") ? Optional.of(table.strings("testcases", List.of())) : Optional.empty();
    MirrorConfig config = new MirrorConfig(enabled, new MirrorSettings(roots), selection, testcases);
    table.rejectUnknownKeys();
    return config;
  }

  /** The mirror refuses file names that clash with its own files (see {@link MirrorLayout}). */
  @Override
  public Optional<String> whyUnreleasable(ImageArtifact image) {
    return MirrorLayout.whyClashing(image.fileName());
  }

  @Override
  public PublishedFormat publishedFormat() {
    return PublishedFormats.mirror(MirrorTarget.NAME);
  }
}
