package org.imagerelease.starter.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a monitoring server on this machine, as a probe or Prometheus would. */
public final class MonitoringScrape {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MonitoringScrape() {}

  public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one sample line, e.g. {@code image_release_transfer_sent_bytes_total{target="mirror"}}; 0 when absent. */
  public static double sample(String exposition, String series) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]))
        .findFirst()
        .orElse(0);
  }
}
