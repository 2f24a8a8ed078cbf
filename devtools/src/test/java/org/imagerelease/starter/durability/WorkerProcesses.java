package org.imagerelease.starter.durability;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Worker processes of a test: child JVMs running {@link ObservedWorkerMain} on this JVM's class
 * path, each writing its output to a file. Every one still alive after the test is killed; when
 * the test fails, their output is printed, since that is where a worker's side of the story is.
 */
final class WorkerProcesses implements InvocationInterceptor, AfterEachCallback {

  /** A started worker and where its output goes. */
  record Worker(String name, Process process, Path output) {
    long pid() {
      return process.pid();
    }
  }

  private final List<Worker> workers = new ArrayList<>();
  private final List<String> systemProperties = new ArrayList<>();

  /** Sets a system property in every worker started from now on (e.g. the local AWS endpoint's keys). */
  synchronized void setInEveryWorker(String name, String value) {
    systemProperties.add("-D" + name + "=" + value);
  }

  /** Starts a worker that reads {@code config} and records into {@code observations}. */
  synchronized Worker start(String name, Path config, Path observations) throws IOException {
    Path output = observations.resolveSibling("worker-" + name + ".out");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dimagerelease.log.level=INFO"));
    command.addAll(systemProperties);
    // Under surefire this is a manifest-only jar naming the whole test class path; fine for -cp.
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ObservedWorkerMain.class.getName(), config.toString(), observations.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    Worker worker = new Worker(name, process, output);
    workers.add(worker);
    return worker;
  }

  /** The workers started so far whose process still runs. */
  synchronized List<Worker> alive() {
    return workers.stream().filter(worker -> worker.process().isAlive()).toList();
  }

  /** Kills every worker still running and waits until they are gone. */
  synchronized void killAll() throws InterruptedException {
    for (Worker worker : workers) {
      worker.process().destroyForcibly();
    }
    for (Worker worker : workers) {
      worker.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    try {
      invocation.proceed();
    } catch (Throwable failure) {
      killAll();
      printOutputs();
      throw failure;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    killAll();
    synchronized (this) {
      workers.clear();
    }
  }

  private synchronized void printOutputs() {
    for (Worker worker : workers) {
      System.out.println("----- output of worker " + worker.name() + " (pid " + worker.pid() + ") -----");
      try {
        System.out.println(Files.readString(worker.output(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        System.out.println("(cannot read " + worker.output() + ": " + e.getMessage() + ")");
      }
    }
  }
}
