package org.imagerelease.activities.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at test time with the JDK's keytool, written as the PEM files
 * fedora-messaging's {@code [tls]} names. Nothing is checked in.
 */
record TestCertificates(Path keyStore, Path certificatePem, Path keyPem, X509Certificate certificate, PrivateKey key) {
  static final char[] STORE_PASSWORD = "test-only".toCharArray();

  /** A key pair of this algorithm (RSA or EC) and its self-signed certificate for localhost. */
  static TestCertificates generate(Path directory, String name, String algorithm) throws IOException, GeneralSecurityException, InterruptedException {
    Path keyStore = directory.resolve(name + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", algorithm, "-keysize", algorithm.equals("EC") ? "256" : "2048",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, STORE_PASSWORD);
    }
    X509Certificate certificate = (X509Certificate) store.getCertificate(name);
    PrivateKey key = (PrivateKey) store.getKey(name, STORE_PASSWORD);
    Path certificatePem = directory.resolve(name + ".crt");
    Path keyPem = directory.resolve(name + ".key");
    Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    return new TestCertificates(keyStore, certificatePem, keyPem, certificate, key);
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
