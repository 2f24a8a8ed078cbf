package org.imagerelease.devtools.bench;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Counts the Put Page requests Blob storage accepted and the 512-byte pages they carried, as the
 * SDK sends them: what the Azure upload wrote, seen from the wire rather than from the sink.
 */
final class PutPageCounter implements HttpPipelinePolicy {
  static final int PAGE = 512;
  private static final HttpHeaderName PAGE_WRITE = HttpHeaderName.fromString("x-ms-page-write");
  private static final HttpHeaderName RANGE = HttpHeaderName.fromString("x-ms-range");

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return next.process().doOnNext(response -> count(context.getHttpRequest(), response));
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    HttpResponse response = next.processSync();
    count(context.getHttpRequest(), response);
    return response;
  }

  /** Put Page requests answered 201 Created. */
  long requests() {
    return requests.get();
  }

  /** Pages those requests wrote. */
  long pages() {
    return bytes.get() / PAGE;
  }

  private void count(HttpRequest request, HttpResponse response) {
    if (response.getStatusCode() != 201 || !"update".equals(request.getHeaders().getValue(PAGE_WRITE))) {
      return;
    }
    requests.incrementAndGet();
    bytes.addAndGet(rangeLength(request));
  }

  /** The length of {@code bytes=<first>-<last>}, the range every Put Page names. */
  private static long rangeLength(HttpRequest request) {
    String range = request.getHeaders().getValue(RANGE);
    if (range == null) {
      range = request.getHeaders().getValue(HttpHeaderName.RANGE);
    }
    if (range == null || !range.startsWith("bytes=")) {
      throw new IllegalStateException("a Put Page without a range: " + request.getUrl());
    }
    String[] bounds = range.substring("bytes=".length()).split("-");
    return Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1;
  }
}
