package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Requests built by hand the way other clients (the AWS CLI, boto3) send them, to show the
 * endpoint answers the wire protocols, not just this SDK: a form-encoded EC2 Query POST, an SSM
 * json-1.1 call and an EBS rest-json call, each with a SigV4-shaped Authorization header whose
 * signature nobody checks; and the same without one, refused in each service's own words.
 */
class LocalAwsRawHttpTest {
  private static final String REGION = "eu-west-1";

  private LocalAws aws;
  private LocalAwsClients clients;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)));
    aws = clients.aws();
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void handBuiltEc2QueryPostListsImagesInXml() throws Exception {
    Ec2Client ec2 = clients.ec2(REGION);
    String imageId = AwsFixtures.register(ec2, "Fedora-Cloud-Base-42-raw",
        AwsFixtures.uploadedSnapshot(clients, REGION, 1));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Action", "DescribeImages");
    form.put("Version", "2016-11-15");
    form.put("Owner.1", "self");
    form.put("Filter.1.Name", "name");
    form.put("Filter.1.Value.1", "Fedora-Cloud-Base-42-*");

    HttpResponse<String> response = http.send(post("/", "application/x-www-form-urlencoded; charset=utf-8",
        encode(form), "ec2").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/xml"));
    Document xml = parse(response.body());
    assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("DescribeImagesResponse");
    assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo("http://ec2.amazonaws.com/doc/2016-11-15/");
    assertThat(text(xml, "imageId")).isEqualTo(imageId);
    assertThat(text(xml, "name")).isEqualTo("Fedora-Cloud-Base-42-raw");
    assertThat(text(xml, "requestId")).isNotBlank();
  }

  @Test
  void requestsWithoutCredentialsAreRefusedAsAwsRefusesThem() throws Exception {
    HttpResponse<String> ec2 = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeImages&Version=2016-11-15")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ec2.statusCode()).isEqualTo(400);
    Document error = parse(ec2.body());
    assertThat(text(error, "Code")).isEqualTo("MissingParameter");
    assertThat(text(error, "Message")).contains("AWSAccessKeyId");
    assertThat(text(error, "RequestID")).isNotBlank();

    HttpResponse<String> ebs = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/snapshots"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"VolumeSize\":1}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ebs.statusCode()).isEqualTo(403);
    assertThat(ebs.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
    assertThat(aws.inventory().resources()).isEmpty();
  }

  @Test
  void handBuiltSsmAndEbsJsonCalls() throws Exception {
    HttpResponse<String> put = http.send(post("/", "application/x-amz-json-1.1",
        "{\"Name\":\"/raw/latest\",\"Value\":\"42\",\"Type\":\"String\"}", "ssm")
        .header("X-Amz-Target", "AmazonSSM.PutParameter").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.body()).contains("\"Version\":1");
    HttpResponse<String> missing = http.send(post("/", "application/x-amz-json-1.1",
        "{\"Name\":\"/raw/none\"}", "ssm")
        .header("X-Amz-Target", "AmazonSSM.GetParameter").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"__type\":\"ParameterNotFound\"");

    HttpResponse<String> started = http.send(post("/snapshots", "application/json",
        "{\"VolumeSize\":1,\"Description\":\"raw\"}", "ebs").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(201);
    assertThat(started.body()).contains("\"Status\":\"pending\"").contains("\"BlockSize\":524288");
    assertThat(aws.inventory().in(REGION)).extracting(InventoryItem::kind)
        .containsExactlyInAnyOrder(ResourceKind.PARAMETER, ResourceKind.SNAPSHOT);
  }

  @Test
  void aBlockIsTakenWhetherItsBodySaysItsLengthOrComesChunked() throws Exception {
    HttpResponse<String> started = http.send(post("/snapshots", "application/json", "{\"VolumeSize\":1}", "ebs").build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher id = Pattern.compile("\"SnapshotId\":\"(snap-[0-9a-f]+)\"").matcher(started.body());
    assertThat(id.find()).as(started.body()).isTrue();
    byte[] block = new byte[BlockStore.BLOCK_SIZE];
    Arrays.fill(block, 1000, 3000, (byte) 7);
    String checksum = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(block));

    HttpResponse<String> withLength = http.send(putBlock(id.group(1), 0, checksum,
        HttpRequest.BodyPublishers.ofByteArray(block)), HttpResponse.BodyHandlers.ofString());
    // Of unknown length, so the JDK client sends it chunked, without Content-Length.
    HttpResponse<String> chunked = http.send(putBlock(id.group(1), 1, checksum,
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(block))), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> damaged = http.send(putBlock(id.group(1), 2, checksum,
        HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(block, block.length - 1))), HttpResponse.BodyHandlers.ofString());

    assertThat(withLength.statusCode()).as(withLength.body()).isEqualTo(201);
    assertThat(withLength.headers().firstValue("x-amz-Checksum")).hasValue(checksum);
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(201);
    assertThat(chunked.headers().firstValue("x-amz-Checksum")).hasValue(checksum);
    assertThat(damaged.statusCode()).as("a body shorter than the block").isEqualTo(400);
    assertThat(damaged.body()).contains("524287 bytes");
  }

  private HttpRequest putBlock(String snapshotId, int index, String checksum, HttpRequest.BodyPublisher body) {
    return post("/snapshots/" + snapshotId + "/blocks/" + index, "application/octet-stream", "", "ebs")
        .header("x-amz-Data-Length", Integer.toString(BlockStore.BLOCK_SIZE))
        .header("x-amz-Checksum", checksum)
        .header("x-amz-Checksum-Algorithm", "SHA256")
        .PUT(body)
        .build();
  }

  private HttpRequest.Builder post(String path, String contentType, String body, String service) {
    return HttpRequest.newBuilder(aws.endpoint().resolve(path))
        .header("Content-Type", contentType)
        .header("X-Amz-Date", "20261207T120000Z")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/" + REGION + "/"
            + service + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
            + "0".repeat(64))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Document xml, String element) {
    return xml.getElementsByTagNameNS("*", element).item(0).getTextContent();
  }
}
