package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.imagerelease.localcloud.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;

/**
 * The endpoint over HTTPS, as AWS serves: the AWS SDK sends PutSnapshotBlock's payload unsigned
 * there ({@code x-amz-content-sha256: UNSIGNED-PAYLOAD}), while over plain http it hashes the
 * block to sign it. That difference is what the bench's {@code --aws-https} is for.
 */
class LocalAwsHttpsTest {
  private static final String REGION = "us-east-1";

  @Test
  void overHttpsABlockGoesWithAnUnsignedPayloadAndOverHttpWithItsHash() throws Exception {
    byte[] block = new byte[BlockStore.BLOCK_SIZE];
    Arrays.fill(block, 100, 200, (byte) 3);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(block);

    List<String> overHttps = putOneBlock(LocalAws.startHttps(LocalAwsConfig.everyDelay(Duration.ZERO)), block, digest);
    List<String> overHttp = putOneBlock(LocalAws.start(LocalAwsConfig.everyDelay(Duration.ZERO)), block, digest);

    assertThat(overHttps).containsExactly("UNSIGNED-PAYLOAD");
    assertThat(overHttp).containsExactly(HexFormat.of().formatHex(digest));
  }

  /** Starts a snapshot and puts one block; the x-amz-content-sha256 each put was sent with. */
  private static List<String> putOneBlock(LocalAws aws, byte[] block, byte[] digest) throws Exception {
    List<String> payloadHashes = new ArrayList<>();
    ExecutionInterceptor seen = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.httpRequest().encodedPath().contains("/blocks/")) {
          payloadHashes.add(context.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse("none"));
        }
      }
    };
    ApacheHttpClient.Builder http = ApacheHttpClient.builder();
    if (aws.certificate().isPresent()) {
      http.tlsTrustManagersProvider(() -> trusting(aws.certificate().get()));
    }
    try (aws;
        EbsClient ebs = EbsClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.of(REGION))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")))
            .httpClientBuilder(http)
            .overrideConfiguration(o -> o.addExecutionInterceptor(seen))
            .build()) {
      String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      var put = ebs.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(0).dataLength(BlockStore.BLOCK_SIZE)
              .checksum(Base64.getEncoder().encodeToString(digest)).checksumAlgorithm(ChecksumAlgorithm.SHA256),
          RequestBody.fromBytes(block));
      assertThat(put.checksum()).isEqualTo(Base64.getEncoder().encodeToString(digest));
      assertThat(aws.endpoint().getScheme()).isEqualTo(aws.certificate().isPresent() ? "https" : "http");
    }
    return payloadHashes;
  }

  private static javax.net.ssl.TrustManager[] trusting(SelfSignedCertificate certificate) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("local-aws", certificate.certificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      return trust.getTrustManagers();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
