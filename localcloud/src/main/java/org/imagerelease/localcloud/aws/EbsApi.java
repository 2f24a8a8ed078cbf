package org.imagerelease.localcloud.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The EBS direct APIs (protocol rest-json, botocore {@code ebs/2019-11-02/service-2.json}):
 * StartSnapshot, PutSnapshotBlock, CompleteSnapshot, ListSnapshotBlocks, GetSnapshotBlock and
 * ListChangedBlocks, routed by method and path; errors carry {@code x-amzn-ErrorType} and a
 * JSON body with {@code message} and {@code Reason}.
 */
final class EbsApi implements AwsApi {
  private static final String JSON = "application/json";
  private static final int MAX_RESULTS = 10000;

  private final Snapshots snapshots;
  private final Cloud cloud;

  EbsApi(Cloud cloud, Snapshots snapshots) {
    this.cloud = cloud;
    this.snapshots = snapshots;
  }

  @Override
  public String service() {
    return "ebs";
  }

  @Override
  public boolean accepts(AwsRequest request) {
    return request.path().equals("/snapshots") || request.path().startsWith("/snapshots/");
  }

  @Override
  public String operation(AwsRequest request) {
    String[] segments = segments(request.path());
    String method = request.method();
    if (segments.length == 1 && method.equals("POST")) {
      return "StartSnapshot";
    }
    if (segments.length == 3 && segments[1].equals("completion") && method.equals("POST")) {
      return "CompleteSnapshot";
    }
    if (segments.length == 4 && segments[2].equals("blocks")) {
      if (method.equals("PUT")) {
        return "PutSnapshotBlock";
      }
      if (method.equals("GET")) {
        return "GetSnapshotBlock";
      }
    }
    if (segments.length == 3 && method.equals("GET")) {
      if (segments[2].equals("blocks")) {
        return "ListSnapshotBlocks";
      }
      if (segments[2].equals("changedblocks")) {
        return "ListChangedBlocks";
      }
    }
    throw new ApiError(404, "UnknownOperationException",
        "No EBS direct API operation is " + method + " " + request.path());
  }

  @Override
  public AwsResponse handle(String operation, AwsRequest request) {
    String[] segments = segments(request.path());
    String region = request.region();
    return switch (operation) {
      case "StartSnapshot" -> startSnapshot(region, request);
      case "PutSnapshotBlock" -> putSnapshotBlock(region, segments[1], blockIndex(segments[3]), request);
      case "CompleteSnapshot" -> completeSnapshot(region, segments[2], request);
      case "ListSnapshotBlocks" -> listSnapshotBlocks(region, segments[1], request);
      case "GetSnapshotBlock" -> getSnapshotBlock(region, segments[1], blockIndex(segments[3]), request);
      case "ListChangedBlocks" -> listChangedBlocks(region, segments[1], request);
      default -> throw new IllegalStateException("routed but not handled: " + operation);
    };
  }

  private AwsResponse startSnapshot(String region, AwsRequest request) {
    ObjectNode body = Json.parse(request.body());
    Long timeout = Json.number(body, "Timeout");
    Snapshot snapshot = snapshots.start(region, new Snapshots.Start(Json.number(body, "VolumeSize"),
        Json.text(body, "ParentSnapshotId"), Json.tags(body, "Tags"), Json.text(body, "Description"),
        Json.text(body, "ClientToken"), Json.bool(body, "Encrypted"), Json.text(body, "KmsKeyArn"),
        timeout == null ? null : timeout.intValue()));
    ObjectNode out = Json.object();
    out.put("SnapshotId", snapshot.id());
    out.put("OwnerId", snapshot.ownerId());
    out.put("Status", snapshot.status(cloud.now()));
    out.put("StartTime", Json.epochSeconds(snapshot.startTime()));
    out.put("VolumeSize", snapshot.volumeSizeGiB());
    out.put("BlockSize", BlockStore.BLOCK_SIZE);
    if (snapshot.description() != null) {
      out.put("Description", snapshot.description());
    }
    if (snapshot.parentId() != null) {
      out.put("ParentSnapshotId", snapshot.parentId());
    }
    if (snapshot.kmsKeyArn() != null) {
      out.put("KmsKeyArn", snapshot.kmsKeyArn());
    }
    out.put("SseType", snapshot.encrypted() ? "sse-ebs" : "none");
    ArrayNode tags = out.putArray("Tags");
    snapshot.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
    return json(201, out);
  }

  private AwsResponse putSnapshotBlock(String region, String snapshotId, int index, AwsRequest request) {
    byte[] digest = snapshots.putBlock(region, snapshotId, index, request.body(),
        intHeader(request, "x-amz-Data-Length"), request.header("x-amz-Checksum"),
        request.header("x-amz-Checksum-Algorithm"), intHeader(request, "x-amz-Progress"));
    return AwsResponse.empty(201)
        .withHeader("x-amz-Checksum", Base64.getEncoder().encodeToString(digest))
        .withHeader("x-amz-Checksum-Algorithm", "SHA256");
  }

  private AwsResponse completeSnapshot(String region, String snapshotId, AwsRequest request) {
    String status = snapshots.complete(region, snapshotId,
        intHeader(request, "x-amz-ChangedBlocksCount"), request.header("x-amz-Checksum"),
        request.header("x-amz-Checksum-Algorithm"),
        request.header("x-amz-Checksum-Aggregation-Method"));
    ObjectNode out = Json.object();
    out.put("Status", status);
    return json(202, out);
  }

  private AwsResponse listSnapshotBlocks(String region, String snapshotId, AwsRequest request) {
    int start = startIndex(request);
    List<Snapshots.ListedBlock> blocks = snapshots.blocks(region, snapshotId, start);
    int max = maxResults(request);
    ObjectNode out = listing(region, snapshotId);
    ArrayNode listed = out.putArray("Blocks");
    blocks.stream().limit(max).forEach(block ->
        listed.addObject().put("BlockIndex", block.index()).put("BlockToken", block.token()));
    if (blocks.size() > max) {
      out.put("NextToken", pageToken(blocks.get(max).index()));
    }
    return json(200, out);
  }

  private AwsResponse getSnapshotBlock(String region, String snapshotId, int index, AwsRequest request) {
    String token = request.parameter("blockToken");
    if (token == null) {
      throw Snapshots.validation("INVALID_BLOCK_TOKEN", "blockToken is required");
    }
    Snapshots.Block block = snapshots.block(region, snapshotId, index, token);
    return AwsResponse.of(200, "application/octet-stream", block.data())
        .withHeader("x-amz-Data-Length", Integer.toString(block.data().length))
        .withHeader("x-amz-Checksum", Base64.getEncoder().encodeToString(block.digest()))
        .withHeader("x-amz-Checksum-Algorithm", "SHA256");
  }

  private AwsResponse listChangedBlocks(String region, String secondSnapshotId, AwsRequest request) {
    int start = startIndex(request);
    List<Snapshots.ChangedBlock> changed = snapshots.changedBlocks(region,
        request.parameter("firstSnapshotId"), secondSnapshotId, start);
    int max = maxResults(request);
    ObjectNode out = listing(region, secondSnapshotId);
    ArrayNode listed = out.putArray("ChangedBlocks");
    changed.stream().limit(max).forEach(block -> {
      ObjectNode item = listed.addObject().put("BlockIndex", block.index());
      if (block.firstToken() != null) {
        item.put("FirstBlockToken", block.firstToken());
      }
      item.put("SecondBlockToken", block.secondToken());
    });
    if (changed.size() > max) {
      out.put("NextToken", pageToken(changed.get(max).index()));
    }
    return json(200, out);
  }

  /** What both listings return besides the blocks. */
  private ObjectNode listing(String region, String snapshotId) {
    Region state = cloud.region(region);
    long volumeSize;
    synchronized (state) {
      volumeSize = snapshots.ebsSnapshot(state, snapshotId).volumeSizeGiB();
    }
    ObjectNode out = Json.object();
    out.put("VolumeSize", volumeSize);
    out.put("BlockSize", BlockStore.BLOCK_SIZE);
    out.put("ExpiryTime", Json.epochSeconds(cloud.now().plus(Duration.ofDays(7))));
    return out;
  }

  /** NextToken wins over startingBlockIndex, as the model says. */
  private static int startIndex(AwsRequest request) {
    String token = request.parameter("pageToken");
    if (token != null) {
      try {
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        if (decoded.startsWith("block:")) {
          return Integer.parseInt(decoded.substring("block:".length()));
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw Snapshots.validation("INVALID_PAGE_TOKEN", "Not a page token of this endpoint: " + token);
    }
    String start = request.parameter("startingBlockIndex");
    return start == null ? 0 : blockIndex(start);
  }

  private static String pageToken(int nextIndex) {
    return Base64.getEncoder().encodeToString(("block:" + nextIndex).getBytes(StandardCharsets.UTF_8));
  }

  private static int maxResults(AwsRequest request) {
    String max = request.parameter("maxResults");
    if (max == null) {
      return MAX_RESULTS;
    }
    int value = integer(max, "maxResults");
    if (value < 100 || value > MAX_RESULTS) {
      throw Snapshots.validation("INVALID_PARAMETER_VALUE",
          "maxResults must be between 100 and " + MAX_RESULTS + ": " + value);
    }
    return value;
  }

  private static int blockIndex(String text) {
    return integer(text, "BlockIndex");
  }

  private static Integer intHeader(AwsRequest request, String name) {
    String value = request.header(name);
    return value == null ? null : integer(value.trim(), name);
  }

  private static int integer(String text, String name) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw Snapshots.validation("INVALID_PARAMETER_VALUE", name + " is not a number: " + text);
    }
  }

  private static String[] segments(String path) {
    return path.substring(1).split("/");
  }

  private static AwsResponse json(int status, ObjectNode body) {
    return AwsResponse.of(status, JSON, Json.bytes(body));
  }

  @Override
  public AwsResponse render(ApiError error, AwsRequest request) {
    ObjectNode body = Json.object();
    body.put("message", error.getMessage());
    if (error.reason() != null) {
      body.put("Reason", error.reason());
    }
    return AwsResponse.of(error.status(), JSON, Json.bytes(body))
        .withHeader("x-amzn-ErrorType", error.code());
  }

  @Override
  public ApiError throttled() {
    return new ApiError(400, "RequestThrottledException",
        "The request rate is too high; reduce it and retry", "ACCOUNT_THROTTLED");
  }

  @Override
  public ApiError serverError(int status) {
    return status == 503
        ? new ApiError(503, "ServiceUnavailableException", "The service is unavailable; retry")
        : new ApiError(500, "InternalServerException", "An internal error has occurred; retry");
  }

  @Override
  public ApiError unauthenticated() {
    return new ApiError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }
}
