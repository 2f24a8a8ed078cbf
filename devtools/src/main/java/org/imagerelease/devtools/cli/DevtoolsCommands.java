package org.imagerelease.devtools.cli;

import java.util.List;

/** The subcommands only the development jar has, in the order {@code --help} lists them after the production ones. */
public final class DevtoolsCommands {
  private DevtoolsCommands() {}

  public static List<Object> all() {
    return List.of(new DemoCommand(), new ServerCommand(), new DevCommand(), new BenchCommand());
  }
}
