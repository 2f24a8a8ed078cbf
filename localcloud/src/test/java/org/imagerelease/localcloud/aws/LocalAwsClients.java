package org.imagerelease.localcloud.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A {@link LocalAws} and the real AWS SDK v2 clients pointed at it the way the release
 * activities point theirs at AWS: endpoint override, static credentials, a region. Closes the
 * clients it built and the endpoint.
 */
final class LocalAwsClients implements AutoCloseable {
  private final LocalAws aws;
  private final List<SdkClient> clients = new ArrayList<>();

  private LocalAwsClients(LocalAws aws) {
    this.aws = aws;
  }

  static LocalAwsClients start(LocalAwsConfig config) {
    return new LocalAwsClients(LocalAws.start(config));
  }

  LocalAws aws() {
    return aws;
  }

  EbsClient ebs(String region) {
    return keep(configure(EbsClient.builder(), region, true).build());
  }

  Ec2Client ec2(String region) {
    return keep(configure(Ec2Client.builder(), region, true).build());
  }

  SsmClient ssm(String region) {
    return keep(configure(SsmClient.builder(), region, true).build());
  }

  StsClient sts(String region) {
    return keep(configure(StsClient.builder(), region, true).build());
  }

  /** Clients that never retry, so a test sees the first answer as the SDK reports it. */
  EbsClient ebsWithoutRetries(String region) {
    return keep(configure(EbsClient.builder(), region, false).build());
  }

  Ec2Client ec2WithoutRetries(String region) {
    return keep(configure(Ec2Client.builder(), region, false).build());
  }

  SsmClient ssmWithoutRetries(String region) {
    return keep(configure(SsmClient.builder(), region, false).build());
  }

  /** A client that gives up on an attempt after {@code timeout}, and does not retry. */
  SsmClient ssmWithTimeout(String region, Duration timeout) {
    SsmClient client = configure(SsmClient.builder(), region, false)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(timeout))
        .build();
    return keep(client);
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, boolean retries) {
    builder.endpointOverride(aws.endpoint())
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")));
    if (!retries) {
      builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
    }
    return builder;
  }

  private <C extends SdkClient> C keep(C client) {
    clients.add(client);
    return client;
  }

  /** Polls until the condition holds; fails after a generous bound so a broken test ends. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() {
    clients.forEach(SdkClient::close);
    aws.close();
  }
}
