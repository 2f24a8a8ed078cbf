package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.LinearChecksum;
import org.imagerelease.activities.transfer.SinkNeeds;
import org.imagerelease.activities.transfer.TransferSummary;

/**
 * A sink that does on the worker what an EBS snapshot upload does there: asks for 512 KiB blocks
 * with their SHA-256 and the image's size up front, sends every non-zero block in a request of
 * its own to a {@link SnapshotUploadServer}, folds the digests into the {@link LinearChecksum} in
 * block order, and completes the snapshot with it. What a real one adds is TLS and request
 * signing; what this one adds is the server's work, which here runs on the same cores.
 *
 * <p>Requests go over {@link HttpURLConnection}, like the pipeline's own source: blocking, which
 * suits one request per sending thread, and with keep-alive, so each sender keeps its connection
 * as an SDK client's pool does, once {@code http.maxConnections} allows as many per host (the
 * JDK's default is 5; {@link TransferProbe} raises it).
 */
final class SnapshotUploadSink implements BlockSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GIB = 1L << 30;

  private final URI server;
  private final AtomicLong blocksSent = new AtomicLong();
  private volatile LinearChecksum linear = new LinearChecksum();
  private volatile String snapshotId;

  /** @param server the {@link SnapshotUploadServer#baseUri()} */
  SnapshotUploadSink(URI server) {
    this.server = server;
  }

  @Override
  public SinkNeeds needs() {
    return new SinkNeeds(SnapshotUploadServer.BLOCK_SIZE, true, true);
  }

  /** Starts a snapshot, or goes on with the one its state names. */
  @Override
  public boolean begin(ImageShape shape) throws IOException {
    if (shape.resumed()) {
      int space = shape.resumeState().indexOf(' ');
      snapshotId = shape.resumeState().substring(0, space);
      linear = LinearChecksum.restore(shape.resumeState().substring(space + 1));
      return true;
    }
    long volumeGiB = (shape.decodedSize().orElseThrow() + GIB - 1) / GIB;
    String started = send("POST", "snapshots", Map.of("Content-Type", "application/json"),
        ("{\"VolumeSize\":" + volumeGiB + "}").getBytes(StandardCharsets.UTF_8), 201, "StartSnapshot");
    snapshotId = JSON.readTree(started).get("SnapshotId").asText();
    return true;
  }

  @Override
  public void accept(Block block) throws IOException {
    String checksum = Base64.getEncoder().encodeToString(block.sha256());
    send("PUT", "snapshots/" + snapshotId + "/blocks/" + block.index(),
        Map.of("x-amz-Data-Length", Integer.toString(block.bytes().length), "x-amz-Checksum", checksum,
            "x-amz-Checksum-Algorithm", "SHA256"),
        block.bytes(), 201, "PutSnapshotBlock " + block.index());
    linear.add(block.index(), block.sha256());
    blocksSent.incrementAndGet();
  }

  @Override
  public void skipZero(long index) {
    linear.skip(index);
  }

  /** The snapshot and the checksum's state: every block it covers was answered with 201. */
  @Override
  public String checkpoint() {
    return snapshotId + ' ' + linear.state();
  }

  @Override
  public void complete(TransferSummary summary) throws IOException {
    LinearChecksum.Result result = linear.finish(summary.blockCount());
    send("POST", "snapshots/completion/" + snapshotId,
        Map.of("x-amz-ChangedBlocksCount", Long.toString(result.blocksSent()), "x-amz-Checksum", result.base64(),
            "x-amz-Checksum-Algorithm", "SHA256", "x-amz-Checksum-Aggregation-Method", "LINEAR"),
        new byte[0], 202, "CompleteSnapshot");
  }

  /** Blocks the server took, in this process's attempts. */
  long blocksSent() {
    return blocksSent.get();
  }

  /**
   * One request; its response body, read to the end so the connection goes back to the keep-alive
   * pool.
   */
  private String send(String method, String path, Map<String, String> headers, byte[] body, int expected,
      String operation) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) server.resolve(path).toURL().openConnection();
    connection.setRequestMethod(method);
    headers.forEach(connection::setRequestProperty);
    connection.setDoOutput(true);
    connection.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    InputStream responseBody = status < 400 ? connection.getInputStream() : connection.getErrorStream();
    String text;
    try (InputStream in = responseBody) {
      text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (status != expected) {
      throw new IOException(operation + " of snapshot " + snapshotId + " failed with HTTP " + status + ": " + text);
    }
    return text;
  }
}
