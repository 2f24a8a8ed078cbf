package org.imagerelease.activities.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one worker, one per service and region, made when first needed. They take
 * credentials from the SDK's default provider chain only (environment, profile, instance or pod
 * role) and never log them; throttling and 5xx are retried with backoff by the SDK's standard
 * retry mode, and every call is bounded by the configured timeout.
 */
final class AwsClients implements AutoCloseable {
  private final AwsConfig config;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private final Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
  private final Map<String, EbsClient> ebs = new ConcurrentHashMap<>();
  private final Map<String, SsmClient> ssm = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();

  AwsClients(AwsConfig config) {
    this(config, DefaultCredentialsProvider.builder().build());
  }

  /** With other credentials than the default chain's: for tests of what a worker without any sees. */
  AwsClients(AwsConfig config, AwsCredentialsProvider credentials) {
    this.config = config;
    this.credentials = credentials;
    // Enough connections for every block in flight, plus the other calls.
    this.http =
        ApacheHttpClient.builder()
            .maxConnections(config.upload().parallelism() + 16)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
  }

  Ec2Client ec2(String region) {
    return ec2.computeIfAbsent(region, r -> build(Ec2Client.builder(), r, b -> b.build()));
  }

  EbsClient ebs(String region) {
    return ebs.computeIfAbsent(region, r -> build(EbsClient.builder(), r, b -> b.build()));
  }

  SsmClient ssm(String region) {
    return ssm.computeIfAbsent(region, r -> build(SsmClient.builder(), r, b -> b.build()));
  }

  StsClient sts(String region) {
    return sts.computeIfAbsent(region, r -> build(StsClient.builder(), r, b -> b.build()));
  }

  /** The credentials every client signs with, resolved now: throws when the chain finds none. */
  void resolveCredentials() {
    credentials.resolveCredentials();
  }

  private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
          & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>,
      C> C build(B builder, String region, Function<B, C> finish) {
    builder
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .addExecutionInterceptor(new CallCounter())
                .apiCallTimeout(config.callTimeout())
                .build());
    config.endpoint().map(URI::normalize).ifPresent(builder::endpointOverride);
    return finish.apply(builder);
  }

  @Override
  public void close() {
    ec2.values().forEach(Ec2Client::close);
    ebs.values().forEach(EbsClient::close);
    ssm.values().forEach(SsmClient::close);
    sts.values().forEach(StsClient::close);
    http.close();
  }
}
