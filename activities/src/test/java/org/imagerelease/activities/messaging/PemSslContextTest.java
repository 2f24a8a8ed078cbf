package org.imagerelease.activities.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemSslContextTest {
  @TempDir static Path directory;
  private static TestCertificates rsa;
  private static TestCertificates ec;
  private static TestCertificates otherRsa;

  /** keytool takes a moment per key pair: three serve every test. */
  @BeforeAll
  static void generateKeyPairs() throws Exception {
    rsa = TestCertificates.generate(directory, "image-release", "RSA");
    ec = TestCertificates.generate(directory, "broker", "EC");
    otherRsa = TestCertificates.generate(directory, "other", "RSA");
  }

  @Test
  void aClientCertificateFromPemFilesCompletesAMutualTlsHandshake() throws Exception {
    SSLContext context = PemSslContext.of(new MessagingSettings.Tls(ec.certificatePem(), rsa.keyPem(), rsa.certificatePem()));

    assertThat(peerSeenByServer(ec, rsa, context)).isEqualTo("CN=image-release");
  }

  @Test
  void readsTraditionalRsaAndEcKeyFilesAsOpenSslWritesThem() throws Exception {
    Path pkcs1 = directory.resolve("rsa-pkcs1.key");
    Files.writeString(pkcs1, TestCertificates.pem("RSA PRIVATE KEY", pkcs1Of(rsa.key().getEncoded())));
    Path sec1 = directory.resolve("ec-sec1.key");
    Files.writeString(sec1, TestCertificates.pem("EC PRIVATE KEY", sec1Of((ECPrivateKey) ec.key())));

    assertThat(PemFiles.privateKey(pkcs1)).isEqualTo(rsa.key());
    assertThat(PemFiles.privateKey(sec1).getEncoded()).isNotEmpty();
    assertThat(PemSslContext.of(new MessagingSettings.Tls(null, pkcs1, rsa.certificatePem()))).isNotNull();
    assertThat(PemSslContext.of(new MessagingSettings.Tls(null, sec1, ec.certificatePem()))).isNotNull();
  }

  @Test
  void aKeyOfAnotherCertificateIsNamedAsSuch() throws Exception {
    assertThatThrownBy(() -> PemSslContext.of(new MessagingSettings.Tls(null, otherRsa.keyPem(), rsa.certificatePem())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyfile " + otherRsa.keyPem() + " is not the private key of certfile " + rsa.certificatePem());
    assertThatThrownBy(() -> PemSslContext.of(new MessagingSettings.Tls(null, ec.keyPem(), rsa.certificatePem())))
        .hasMessageContaining("is not the private key of certfile");
  }

  @Test
  void unusableFilesAreClearErrors() throws Exception {
    Path encrypted = directory.resolve("encrypted.key");
    Files.writeString(encrypted, TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    Path notPem = directory.resolve("not.pem");
    Files.writeString(notPem, "hello");

    assertThatThrownBy(() -> PemSslContext.of(new MessagingSettings.Tls(null, encrypted, rsa.certificatePem())))
        .hasMessageContaining("encrypted private key");
    assertThatThrownBy(() -> PemSslContext.of(new MessagingSettings.Tls(notPem, null, null)))
        .hasMessageContaining(notPem + " holds no PEM certificate");
    assertThatThrownBy(() -> PemSslContext.of(new MessagingSettings.Tls(directory.resolve("absent.pem"), null, null)))
        .hasMessageContaining("absent.pem");
    assertThatThrownBy(() -> PemSslContext.of(new MessagingSettings.Tls(null, rsa.keyPem(), null)))
        .hasMessageContaining("needs both certfile and keyfile");
  }

  /** Runs a TLS server that requires a client certificate and returns the subject it saw. */
  private static String peerSeenByServer(TestCertificates server, TestCertificates client, SSLContext clientContext) throws Exception {
    KeyStore serverKeys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(server.keyStore())) {
      serverKeys.load(in, TestCertificates.STORE_PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(serverKeys, TestCertificates.STORE_PASSWORD);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("client", client.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                  accepted.startHandshake();
                  String peer = accepted.getSession().getPeerPrincipal().getName();
                  accepted.getOutputStream().write(1);
                  return peer;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        socket.startHandshake();
        assertThat(socket.getInputStream().read()).isEqualTo(1);
      }
      return seen.get(30, TimeUnit.SECONDS);
    }
  }

  /** The PKCS#1 key inside a PKCS#8 RSA key: the OCTET STRING after version and algorithm. */
  private static byte[] pkcs1Of(byte[] pkcs8) {
    int octetString = 4 + 3 + 15;
    assertThat(pkcs8[octetString]).isEqualTo((byte) 0x04);
    assertThat(pkcs8[octetString + 1]).isEqualTo((byte) 0x82);
    int length = ((pkcs8[octetString + 2] & 0xff) << 8) | (pkcs8[octetString + 3] & 0xff);
    return Arrays.copyOfRange(pkcs8, octetString + 4, octetString + 4 + length);
  }

  /** An OpenSSL-style SEC1 key of P-256: version 1, the private value, the curve as [0]. */
  private static byte[] sec1Of(ECPrivateKey key) throws Exception {
    byte[] scalar = key.getS().toByteArray();
    byte[] fixed = new byte[32];
    System.arraycopy(scalar, Math.max(0, scalar.length - 32), fixed, Math.max(0, 32 - scalar.length), Math.min(32, scalar.length));
    byte[] prime256v1 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(new byte[] {0x02, 0x01, 0x01});
    content.write(tlv(0x04, fixed));
    content.write(tlv(0xa0, prime256v1));
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    out.write(content.length);
    ((OutputStream) out).write(content);
    return out.toByteArray();
  }
}
