package org.imagerelease.worker.config;

import java.net.InetSocketAddress;

/**
 * Where a worker or consumer serves {@code /healthz}, {@code /readyz} and {@code /metrics}:
 * fedora-messaging's own {@code [monitoring]} table, {@code address} and {@code port}.
 *
 * <p>fedora-messaging's defaults are an empty address (every interface) and no port, and an
 * empty table turns its monitoring off. Here the server always runs, on {@value #DEFAULT_PORT}
 * unless the table or {@code IMAGE_RELEASE_MONITORING_PORT} says otherwise: the Kubernetes
 * manifests probe that port. Port 0 picks a free one (tests).
 *
 * @param address the interface to listen on; empty means every interface, as in fedora-messaging
 * @param port the TCP port
 */
public record MonitoringSettings(String address, int port) {
  public static final int DEFAULT_PORT = 8070;
  public static final String PORT_ENV = "IMAGE_RELEASE_MONITORING_PORT";

  public MonitoringSettings {
    address = address == null ? "" : address.strip();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("monitoring.port must be between 0 and 65535, was " + port);
    }
  }

  public static MonitoringSettings defaults() {
    return new MonitoringSettings("", DEFAULT_PORT);
  }

  /** Every interface when no address is given. */
  public InetSocketAddress socketAddress() {
    return address.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
  }

  public MonitoringSettings withPort(int otherPort) {
    return new MonitoringSettings(address, otherPort);
  }
}
