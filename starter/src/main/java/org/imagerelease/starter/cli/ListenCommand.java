package org.imagerelease.starter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.starter.bus.BusEvent;
import org.imagerelease.starter.bus.BusEventListener;
import org.imagerelease.starter.bus.ReleaseEventTopics;
import org.imagerelease.worker.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "listen",
    description = {
      "Print messages on the bus as they arrive, one each: topic, id and what the body says. By default every release "
          + "event published under the configuration's topic_prefix: image.uploaded, published, release.completed and "
          + "release.failed.",
      "Listens on a temporary queue of its own (exclusive, deleted when it stops), so it takes nothing from any other "
          + "consumer. Stops on Ctrl-C, after --count messages or after --timeout.",
      ""
    })
public final class ListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file with the broker (amqp_url, [tls], publish_exchange, topic_prefix). Default: $FEDORA_MESSAGING_CONF, else built-in defaults.")
  Path config;

  @Option(
      names = "--topic",
      paramLabel = "KEY",
      description = "Binding key on publish_exchange, e.g. 'org.fedoraproject.*.pungi.compose.status.change' or '#' for everything; repeatable. Default: the release event topics.")
  List<String> topics;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
  Integer count;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop after this long, e.g. 60s; exit code 1 if fewer than --count messages came.")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    Logging.quiet();
    MessagingSettings settings = ConfigLoader.fromSystem().load(Optional.ofNullable(config)).messaging().settings();
    List<String> bindingKeys = topics == null || topics.isEmpty() ? ReleaseEventTopics.bindingKeys(settings.topicPrefix()) : topics;
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch enough = new CountDownLatch(count == null ? 1 : Math.max(count, 0));
    String queue = "image-release-listen-" + UUID.randomUUID().toString().substring(0, 8);
    try (BusEventListener listener = BusEventListener.start(settings, queue, bindingKeys, event -> print(out, event, enough))) {
      out.printf("Listening on %s at %s to %s (queue %s)%n", settings.publishExchange(), listener.endpoint(), bindingKeys, queue);
      out.flush();
      Thread stop = new Thread(listener::close, "listen-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      boolean complete = waitUntilDone(enough);
      Runtime.getRuntime().removeShutdownHook(stop);
      return complete || count == null ? 0 : 1;
    }
  }

  /** Whether --count messages came; without --count only Ctrl-C or --timeout end the wait. */
  private boolean waitUntilDone(CountDownLatch enough) throws InterruptedException {
    if (timeout == null) {
      enough.await();
      return true;
    }
    return enough.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void print(PrintWriter out, BusEvent event, CountDownLatch enough) {
    synchronized (out) {
      out.printf("%s  %s%n    %s%n", event.topic(), event.id(), event.summary());
      out.flush();
    }
    if (count != null) {
      enough.countDown();
    }
  }
}
