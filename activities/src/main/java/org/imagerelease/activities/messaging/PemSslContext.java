package org.imagerelease.activities.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of an {@code amqps} connection, from fedora-messaging's {@code [tls]} PEM
 * files: the broker is trusted only if its certificate chains to {@code ca_cert} (the JVM's
 * default trust store when none is given), and {@code certfile} with {@code keyfile}, when both
 * are given, is the client certificate the broker may authenticate us by (SASL EXTERNAL).
 */
public final class PemSslContext {
  private static final char[] IN_MEMORY_PASSWORD = new char[0];

  private PemSslContext() {}

  /**
   * @throws IllegalArgumentException naming the file and what is wrong with it: missing,
   *     unreadable, not PEM, encrypted key, key not matching the certificate
   */
  public static SSLContext of(MessagingSettings.Tls tls) {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(tls.caCert() == null ? null : trustStore(tls.caCert()));
      KeyManager[] keyManagers = null;
      if (tls.clientCertificate()) {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(tls.certfile(), tls.keyfile()), IN_MEMORY_PASSWORD);
        keyManagers = keys.getKeyManagers();
      } else if (tls.certfile() != null || tls.keyfile() != null) {
        throw new IllegalArgumentException("[tls] needs both certfile and keyfile for a client certificate, or neither");
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("[tls]: " + e.getMessage(), e);
    }
  }

  private static KeyStore trustStore(Path caCert) throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore();
    List<X509Certificate> authorities = PemFiles.certificates(caCert);
    for (int i = 0; i < authorities.size(); i++) {
      store.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    return store;
  }

  private static KeyStore keyStore(Path certfile, Path keyfile) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = PemFiles.certificates(certfile);
    PrivateKey key = PemFiles.privateKey(keyfile);
    requireSameKeyPair(key, chain.get(0), certfile, keyfile);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
    return store;
  }

  /**
   * A key that does not belong to the certificate would only show as a failed handshake on the
   * broker's side; signing with one and verifying with the other says it plainly here.
   */
  private static void requireSameKeyPair(PrivateKey key, X509Certificate certificate, Path certfile, Path keyfile)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] probe = "image-release key pair check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException differentAlgorithm) {
      // A key of another algorithm than the certificate's cannot be its pair either.
    }
    throw new GeneralSecurityException("keyfile " + keyfile + " is not the private key of certfile " + certfile);
  }

  private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
