package org.imagerelease.activities.transfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TransferThreadsTest {
  @Test
  void anAttemptsThreadsLogWithTheActivitysContext() throws Exception {
    TransferThreads threads;
    try (var image = MDC.putCloseable("image", "Fedora-Cloud-Base.qcow2")) {
      threads = new TransferThreads("read", "Fedora-Cloud-Base.qcow2");
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(threads);
    try {
      assertThat(executor.submit(MDC::getCopyOfContextMap).get()).isEqualTo(Map.of("image", "Fedora-Cloud-Base.qcow2"));
    } finally {
      executor.shutdownNow();
    }
  }
}
