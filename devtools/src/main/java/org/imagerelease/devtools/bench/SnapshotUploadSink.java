package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
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
 * signing; what it saves is the server's work, which here runs on the same machine.
 */
final class SnapshotUploadSink implements BlockSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GIB = 1L << 30;

  private final HttpClient client;
  private final URI server;
  private final AtomicLong blocksSent = new AtomicLong();
  private volatile LinearChecksum linear = new LinearChecksum();
  private volatile String snapshotId;

  /**
   * @param client shared by every sink of the process, as a worker shares its cloud client
   * @param server the {@link SnapshotUploadServer#baseUri()}
   */
  SnapshotUploadSink(HttpClient client, URI server) {
    this.client = client;
    this.server = server;
  }

  /** The client the bench's sinks share: HTTP/1.1, one keep-alive connection per sender thread. */
  static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
    HttpResponse<String> started = send(HttpRequest.newBuilder(server.resolve("snapshots"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"VolumeSize\":" + volumeGiB + "}"))
        .header("Content-Type", "application/json"), 201, "StartSnapshot");
    snapshotId = JSON.readTree(started.body()).get("SnapshotId").asText();
    return true;
  }

  @Override
  public void accept(Block block) throws IOException {
    String checksum = Base64.getEncoder().encodeToString(block.sha256());
    send(HttpRequest.newBuilder(server.resolve("snapshots/" + snapshotId + "/blocks/" + block.index()))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(block.bytes()))
        .header("x-amz-Data-Length", Integer.toString(block.bytes().length))
        .header("x-amz-Checksum", checksum)
        .header("x-amz-Checksum-Algorithm", "SHA256"), 201, "PutSnapshotBlock " + block.index());
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
    send(HttpRequest.newBuilder(server.resolve("snapshots/completion/" + snapshotId))
        .POST(HttpRequest.BodyPublishers.noBody())
        .header("x-amz-ChangedBlocksCount", Long.toString(result.blocksSent()))
        .header("x-amz-Checksum", result.base64())
        .header("x-amz-Checksum-Algorithm", "SHA256")
        .header("x-amz-Checksum-Aggregation-Method", "LINEAR"), 202, "CompleteSnapshot");
  }

  /** Blocks the server took, in this process's attempts. */
  long blocksSent() {
    return blocksSent.get();
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected, String operation) throws IOException {
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(operation + " of snapshot " + snapshotId + " was interrupted");
    }
    if (response.statusCode() != expected) {
      throw new IOException(operation + " of snapshot " + snapshotId + " failed with HTTP "
          + response.statusCode() + ": " + response.body());
    }
    return response;
  }
}
