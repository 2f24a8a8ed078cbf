package org.imagerelease.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpResponse;

class CallCounterTest {
  @Test
  void throttlingIsTooManyRequestsEc2sRequestLimitExceededOrAJsonServicesThrottlingErrorType() {
    assertThat(CallCounter.throttled(response(429, null))).isTrue();
    assertThat(CallCounter.throttled(response(503, null))).isTrue();
    assertThat(CallCounter.throttled(response(400, "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/"))).isTrue();
    assertThat(CallCounter.throttled(response(400, "RequestThrottledException"))).isTrue();
  }

  @Test
  void otherAnswersAreNotThrottling() {
    assertThat(CallCounter.throttled(response(200, null))).isFalse();
    assertThat(CallCounter.throttled(response(400, "ValidationException"))).isFalse();
    assertThat(CallCounter.throttled(response(500, null))).isFalse();
  }

  private static SdkHttpResponse response(int status, String errorType) {
    SdkHttpResponse.Builder builder = SdkHttpResponse.builder().statusCode(status);
    if (errorType != null) {
      builder.putHeader("x-amzn-ErrorType", errorType);
    }
    return builder.build();
  }
}
