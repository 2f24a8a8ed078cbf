package org.imagerelease.starter.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.consume.BusConsumer;
import org.imagerelease.starter.consume.ConsumerTemporal;
import org.imagerelease.starter.consume.MessageDispatcher;
import org.imagerelease.starter.monitoring.ReleaseCensus;
import org.imagerelease.starter.monitoring.RunningReleases;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.monitoring.MonitoringServer;
import org.imagerelease.worker.monitoring.ProcessMetrics;
import org.imagerelease.worker.monitoring.TemporalReadiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "consume",
    description = {
      "Consume the message bus: start a release for every FINISHED or FINISHED_INCOMPLETE compose Pungi announces.",
      "Connects as the configuration file says (amqp_url, [tls], [[bindings]], [queues], [qos]); declares and binds its queues.",
      "A message is acknowledged once Temporal took the release (or already had it); kept and retried while Temporal is down;",
      "rejected to the dead-letter exchange, if the queue has one, when it cannot be read. Dead-letter queues are not consumed",
      "(consume_dead_letter_queues = true changes that): see image-release dead.",
      "Serves /healthz, /readyz and /metrics on the monitoring port; counts the running releases by stage and the waiting",
      "dead letters every minute there, for the alert rules in deploy/prometheus.",
      "Stops gracefully on SIGTERM or Ctrl-C: no new messages, the one in hand finished, the rest left on the queue."
    })
public final class ConsumeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumeCommand.class);

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() throws Exception {
    Logging.showProgress();
    ImageReleaseConfig config = connection.config();
    ProcessMetrics metrics = ProcessMetrics.start();
    TemporalConnection temporal = ConsumerTemporal.connect(config.temporal(), metrics.temporalScope());
    ReleaseClient releases = new ReleaseClient(temporal.client(), config.temporal().taskQueue());
    BusConsumer consumer;
    try {
      consumer = new BusConsumer(config.messaging(), MessageDispatcher.forReleases(releases, config), BusConsumer.Tuning.defaults());
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
    MonitoringServer monitoring;
    try {
      monitoring =
          MonitoringServer.start(
              config.monitoring(), metrics, List.of(new TemporalReadiness(temporal.service(), config.temporal().target()), consumer::readiness));
    } catch (IOException e) {
      consumer.close();
      temporal.close();
      throw e;
    }
    ReleaseCensus census =
        ReleaseCensus.registered(
                ReleaseMetrics.registry(), new RunningReleases(releases), consumer.deadLetterQueues(), consumer::waitingDeadLetters, Clock.systemUTC())
            .countingEvery(ReleaseCensus.DEFAULT_INTERVAL);
    LOG.info("Configuration from {}; releases go to Temporal at {} (namespace {})", config.source(), config.temporal().target(), config.temporal().namespace());
    Thread gracefulStop =
        new Thread(
            () -> {
              census.close();
              consumer.close();
              temporal.close();
              monitoring.close();
              metrics.close();
            },
            "graceful-stop");
    Runtime.getRuntime().addShutdownHook(gracefulStop);
    try {
      consumer.start();
    } catch (Exception e) {
      Runtime.getRuntime().removeShutdownHook(gracefulStop);
      census.close();
      consumer.close();
      temporal.close();
      monitoring.close();
      metrics.close();
      throw e;
    }
    Optional<Throwable> failure = consumer.awaitStop();
    if (failure.isPresent()) {
      spec.commandLine().getErr().println("image-release consume: " + failure.get().getMessage());
      return 1;
    }
    return 0;
  }
}
