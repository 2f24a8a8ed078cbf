package org.imagerelease.starter.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.WorkerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "worker",
    description = {
      "Run a worker: poll the release task queue and run releases and their uploads.",
      "Stops gracefully on SIGTERM or Ctrl-C: no new work, running transfers get the configured grace to finish or checkpoint."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws InterruptedException, IOException {
    Logging.showProgress();
    WorkerProcess worker = WorkerProcess.start(connection.config(), WorkerExtras.none());
    runUntilStopped(worker::close);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then runs the stop action before it exits. */
  public static void runUntilStopped(Runnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                },
                "graceful-stop"));
    stopped.await();
  }
}
