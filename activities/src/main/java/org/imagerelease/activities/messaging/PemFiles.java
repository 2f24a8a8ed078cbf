package org.imagerelease.activities.messaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files fedora-messaging's {@code [tls]} names, as OpenSSL writes them: X.509
 * certificates, and unencrypted private keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA
 * PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form.
 */
final class PemFiles {
  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};
  /** DER of the OID 1.2.840.113549.1.1.1 (rsaEncryption) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  /** DER of the OID 1.2.840.10045.2.1 (id-ecPublicKey). */
  private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private PemFiles() {}

  /** Every certificate in the file, in order (a chain: the leaf first). */
  static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (Block block : blocks(file)) {
      if (block.label().equals("CERTIFICATE")) {
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      }
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The one private key in the file. */
  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    for (Block block : blocks(file)) {
      switch (block.label()) {
        case "PRIVATE KEY":
          return pkcs8(block.der(), file);
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8OfRsa(block.der())));
        case "EC PRIVATE KEY":
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8OfEc(block.der(), file)));
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException(
              file + " holds an encrypted private key; give an unencrypted one (openssl pkcs8 -in KEY -nocrypt -topk8 -out KEY.pem)");
        default:
          break;
      }
    }
    throw new GeneralSecurityException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | NoSuchAlgorithmException notThisOne) {
        // The PKCS#8 header names the algorithm; trying each known one is simpler than parsing it.
      }
    }
    throw new GeneralSecurityException(file + " holds a private key of an algorithm this JVM cannot read");
  }

  /** PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key. */
  private static byte[] pkcs8OfRsa(byte[] pkcs1) {
    return sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1)));
  }

  /**
   * SEC1 ECPrivateKey wrapped as PKCS#8 PrivateKeyInfo, with the curve OID taken from the SEC1
   * key's own {@code [0] parameters} (OpenSSL always writes them).
   */
  private static byte[] pkcs8OfEc(byte[] sec1, Path file) throws GeneralSecurityException {
    Der outer = Der.at(sec1, 0);
    int position = outer.contentStart();
    Der version = Der.at(sec1, position);
    Der privateKey = Der.at(sec1, version.end());
    Der next = Der.at(sec1, privateKey.end());
    if (outer.tag() != 0x30 || next.tag() != 0xa0) {
      throw new GeneralSecurityException(file + " holds an EC private key without its curve; convert it with openssl pkcs8 -topk8 -nocrypt");
    }
    Der curve = Der.at(sec1, next.contentStart());
    byte[] curveOid = Arrays.copyOfRange(sec1, curve.start(), curve.end());
    byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curveOid));
    return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, sec1)));
  }

  private static List<Block> blocks(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      String base64 = matcher.group(2).replaceAll("\\s", "");
      if (base64.contains(":")) {
        // Old OpenSSL "Proc-Type: 4,ENCRYPTED" headers: an encrypted traditional key.
        blocks.add(new Block("ENCRYPTED PRIVATE KEY", new byte[0]));
        continue;
      }
      try {
        blocks.add(new Block(matcher.group(1), Base64.getDecoder().decode(base64)));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": the " + matcher.group(1) + " block is not valid Base64", e);
      }
    }
    return blocks;
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private record Block(String label, byte[] der) {}

  /** One DER element's tag and extent, enough to walk a SEC1 key. */
  private record Der(int tag, int start, int contentStart, int end) {
    static Der at(byte[] der, int start) throws GeneralSecurityException {
      if (start + 2 > der.length) {
        throw new GeneralSecurityException("truncated DER in private key");
      }
      int tag = der[start] & 0xff;
      int first = der[start + 1] & 0xff;
      int contentStart = start + 2;
      int length = first;
      if (first >= 0x80) {
        int bytes = first & 0x7f;
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[contentStart++] & 0xff);
        }
      }
      if (contentStart + length > der.length) {
        throw new GeneralSecurityException("truncated DER in private key");
      }
      return new Der(tag, start, contentStart, contentStart + length);
    }
  }
}
