package org.imagerelease.activities.compose;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body of at most {@code limit} bytes, collected as it arrives. A longer one stops
 * being read at {@code limit + 1} bytes, which is what the caller gets, so it can tell "too
 * large" from "exactly the limit" without the rest of a runaway body ever being held.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public void onSubscribe(Flow.Subscription newSubscription) {
    subscription = newSubscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int wanted = Math.min(buffer.remaining(), limit + 1 - bytes.size());
      byte[] chunk = new byte[wanted];
      buffer.get(chunk);
      bytes.writeBytes(chunk);
      if (bytes.size() > limit) {
        subscription.cancel();
        result.complete(bytes.toByteArray());
        return;
      }
    }
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}
