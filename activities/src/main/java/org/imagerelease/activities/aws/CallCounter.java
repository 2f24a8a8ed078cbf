package org.imagerelease.activities.aws;

import java.util.Locale;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Counts every HTTP attempt of every AWS call by operation ({@code Ebs.PutSnapshotBlock}), and the
 * ones AWS throttled: status 429, EC2's 503 RequestLimitExceeded, or a JSON service's
 * {@code x-amzn-ErrorType} naming throttling (EBS direct's ThrottlingException and
 * RequestThrottledException come as 400). Attempts, not calls: the SDK's retries of a throttled
 * call are what the throttle rate is about.
 */
final class CallCounter implements ExecutionInterceptor {
  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    String operation =
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    ReleaseMetrics.cloudCall("aws", operation, throttled(context.httpResponse()));
  }

  static boolean throttled(SdkHttpResponse response) {
    int status = response.statusCode();
    if (status == 429 || status == 503) {
      return true;
    }
    return response
        .firstMatchingHeader("x-amzn-ErrorType")
        .map(type -> type.toLowerCase(Locale.ROOT))
        .filter(type -> type.contains("throttl") || type.contains("limitexceeded"))
        .isPresent();
  }
}
