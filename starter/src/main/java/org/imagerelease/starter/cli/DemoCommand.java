package org.imagerelease.starter.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", description = "Release a generated compose to a local mirror, end to end, with nothing installed.")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("demo is being built");
  }
}
