package org.imagerelease.activities.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * What the real Blob client sends, seen from inside its pipeline, so tests assert the same on
 * Azurite and on the embedded service: every Put Page with its range, the most in flight at
 * once, and the order in which they finished. {@link #failing} is a second policy, placed before
 * the client's retries, that fails chosen requests as a dying worker or network would.
 */
final class BlobCalls implements HttpPipelinePolicy {
  private static final HttpHeaderName X_MS_RANGE = HttpHeaderName.fromString("x-ms-range");
  private static final HttpHeaderName PAGE_WRITE = HttpHeaderName.fromString("x-ms-page-write");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  /** One Put Page that succeeded: bytes {@code [start, end)}, and when it began and ended among all. */
  record PutPage(long start, long end, int startedAs, int finishedAs) {
    long length() {
      return end - start;
    }
  }

  private final List<PutPage> puts = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger events = new AtomicInteger();

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    HttpRequest request = context.getHttpRequest();
    int started = begin(request);
    // Counted out before the caller hears of the end (doFinally would run after it): the
    // caller's next request must not find this one still counted.
    return next.process()
        .doOnSuccess(response -> end(request, response, started))
        .doOnTerminate(inFlight::decrementAndGet)
        .doOnCancel(inFlight::decrementAndGet);
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    HttpRequest request = context.getHttpRequest();
    int started = begin(request);
    try {
      HttpResponse response = next.processSync();
      end(request, response, started);
      return response;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private int begin(HttpRequest request) {
    synchronized (this) {
      requests.add(request.getHttpMethod() + " " + request.getUrl().getPath() + (request.getUrl().getQuery() == null ? "" : "?" + request.getUrl().getQuery()));
    }
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    return events.incrementAndGet();
  }

  private void end(HttpRequest request, HttpResponse response, int started) {
    if (!isPutPage(request) || response.getStatusCode() != 201) {
      return;
    }
    String range = request.getHeaders().getValue(X_MS_RANGE);
    Matcher matcher = RANGE.matcher(range == null ? "" : range);
    if (!matcher.matches()) {
      throw new AssertionError("Put Page without a byte range: " + range);
    }
    synchronized (this) {
      puts.add(new PutPage(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) + 1, started, events.incrementAndGet()));
    }
  }

  static boolean isPutPage(HttpRequest request) {
    String query = request.getUrl().getQuery();
    return query != null && query.contains("comp=page") && "update".equals(request.getHeaders().getValue(PAGE_WRITE));
  }

  synchronized List<PutPage> puts() {
    return List.copyOf(puts);
  }

  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  int mostInFlight() {
    return mostInFlight.get();
  }

  synchronized void reset() {
    puts.clear();
    requests.clear();
    mostInFlight.set(0);
  }

  /** A policy failing, before any retry, every request {@code failWhen} picks. */
  static HttpPipelinePolicy failing(Predicate<HttpRequest> failWhen) {
    return new HttpPipelinePolicy() {
      @Override
      public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return failWhen.test(context.getHttpRequest()) ? Mono.error(injected(context.getHttpRequest())) : next.process();
      }

      @Override
      public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        if (failWhen.test(context.getHttpRequest())) {
          throw injected(context.getHttpRequest());
        }
        return next.processSync();
      }

      @Override
      public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
      }
    };
  }

  private static IllegalStateException injected(HttpRequest request) {
    return new IllegalStateException("connection lost (injected) on " + request.getHttpMethod() + " " + request.getUrl());
  }
}
