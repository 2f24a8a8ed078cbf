package org.imagerelease.localcloud.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.imagerelease.localcloud.Sha256;

/**
 * Writes a tiny but valid OCI image layout as a tar (what Fedora's Container images are inside
 * their .oci.tar.xz): oci-layout, index.json, and blobs for a manifest, a config and one gzip
 * layer holding os-release.
 */
final class OciArchiveWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OciArchiveWriter() {}

  static void write(OutputStream out, String arch, String osRelease, Instant created) throws IOException {
    byte[] layerTar = tar(Map.of("etc/os-release", osRelease.getBytes(StandardCharsets.UTF_8)), created);
    byte[] layer = gzip(layerTar, created);
    ObjectNode config = MAPPER.createObjectNode();
    config.put("architecture", arch.equals("x86_64") ? "amd64" : "arm64");
    config.put("os", "linux");
    config.put("created", created.toString());
    config.putObject("config").putArray("Cmd").add("/bin/bash");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add("sha256:" + Sha256.of(layerTar));
    byte[] configBytes = MAPPER.writeValueAsBytes(config);
    ObjectNode manifest = MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes));
    manifest.putArray("layers").add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer));
    byte[] manifestBytes = MAPPER.writeValueAsBytes(manifest);
    ObjectNode index = MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.putArray("manifests").add(descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes));

    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    files.put("index.json", MAPPER.writeValueAsBytes(index));
    files.put("blobs/sha256/" + Sha256.of(manifestBytes), manifestBytes);
    files.put("blobs/sha256/" + Sha256.of(configBytes), configBytes);
    files.put("blobs/sha256/" + Sha256.of(layer), layer);
    out.write(tar(files, created));
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode descriptor = MAPPER.createObjectNode();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", "sha256:" + Sha256.of(content));
    descriptor.put("size", content.length);
    return descriptor;
  }

  private static byte[] tar(Map<String, byte[]> files, Instant created) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setModTime(created.toEpochMilli());
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] content, Instant created) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GzipParameters parameters = new GzipParameters();
    parameters.setModificationTime(created.toEpochMilli());
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes, parameters)) {
      gzip.write(content);
    }
    return bytes.toByteArray();
  }
}
