package org.imagerelease.localcloud.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away TLS identity for 127.0.0.1 and localhost, made when an endpoint starts. Azure's
 * management clients refuse to send a bearer token over plain http (azure-core's bearer-token
 * policy: "token credentials require a URL using the HTTPS protocol scheme", and the Python and
 * Go SDKs alike), so the local ARM endpoint speaks HTTPS; the AWS SDK sends a block's payload
 * unsigned only over HTTPS, so the local AWS endpoint can speak it too. Clients are told to trust
 * this one certificate: {@link #clientContext()} in Java, {@link #writeTrustStore} for another
 * JVM's {@code javax.net.ssl.trustStore}, {@link #pem()} for curl's {@code --cacert} or Python's
 * {@code REQUESTS_CA_BUNDLE}.
 *
 * <p>The X.509 structure is written here in DER (a P-256 key signed by itself) because the JDK
 * has no public API for making certificates, and a checked-in key or a keytool run would be one
 * more thing to go stale.
 */
public final class SelfSignedCertificate {
  /** The password of the key store and of {@link #writeTrustStore}'s file; nothing secret. */
  public static final String PASSWORD = "local-cloud";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";

  private final X509Certificate certificate;
  private final KeyStore keyStore;

  private SelfSignedCertificate(X509Certificate certificate, KeyStore keyStore) {
    this.certificate = certificate;
    this.keyStore = keyStore;
  }

  /** A certificate named {@code name} (its common name and key alias), valid for {@code validity}. */
  public static SelfSignedCertificate forLoopback(String name, Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      Instant now = Instant.now();
      byte[] distinguishedName = sequence(set(sequence(oid(COMMON_NAME),
          tagged(0x0c, name.getBytes(StandardCharsets.UTF_8)))));
      byte[] algorithm = sequence(oid(ECDSA_WITH_SHA256));
      byte[] altNames = sequence(tagged(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
          tagged(0x87, new byte[] {127, 0, 0, 1}));
      byte[] toBeSigned = sequence(
          tagged(0xa0, integer(BigInteger.TWO)),
          integer(new BigInteger(63, new SecureRandom())),
          algorithm,
          distinguishedName,
          sequence(utcTime(now.minus(Duration.ofMinutes(5))), utcTime(now.plus(validity))),
          distinguishedName,
          keys.getPublic().getEncoded(),
          tagged(0xa3, sequence(sequence(oid(SUBJECT_ALT_NAME), tagged(0x04, altNames)))));
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(toBeSigned);
      byte[] signature = signer.sign();
      byte[] bits = new byte[signature.length + 1];
      System.arraycopy(signature, 0, bits, 1, signature.length);
      byte[] encoded = sequence(toBeSigned, algorithm, tagged(0x03, bits));
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(encoded));
      certificate.verify(keys.getPublic());
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(name, keys.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
      return new SelfSignedCertificate(certificate, store);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make the certificate of " + name, e);
    }
  }

  /** What the server presents. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serve TLS with the local certificate", e);
    }
  }

  /** A client context that trusts this certificate and nothing else. */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the local certificate", e);
    }
  }

  /**
   * Writes a PKCS12 key store holding only this certificate, password {@link #PASSWORD}: what
   * another JVM trusts with {@code -Djavax.net.ssl.trustStore}.
   */
  public Path writeTrustStore(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, PASSWORD.toCharArray());
      return file;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the trust store " + file, e);
    }
  }

  private KeyStore trustStore() throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("local-cloud", certificate);
    return trusted;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate in PEM, for tools that read a CA bundle file. */
  public String pem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sequence(byte[]... parts) {
    return tagged(0x30, parts);
  }

  private static byte[] set(byte[]... parts) {
    return tagged(0x31, parts);
  }

  private static byte[] integer(BigInteger value) {
    return tagged(0x02, value.toByteArray());
  }

  private static byte[] utcTime(Instant instant) {
    String text = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    return tagged(0x17, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
      for (int group = groups - 1; group >= 0; group--) {
        int septet = (int) ((arc >>> (7 * group)) & 0x7f);
        out.write(group > 0 ? septet | 0x80 : septet);
      }
    }
    return tagged(0x06, out.toByteArray());
  }

  /** One DER element: tag, definite length, the parts' bytes. */
  private static byte[] tagged(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    int length = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }
}
