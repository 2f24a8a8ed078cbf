package org.imagerelease.localcloud.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoComposeOverHttpTest {
  @Test
  void generatedComposeIsReachableAtItsHttpLocation(@TempDir Path dir) throws Exception {
    DemoCompose compose = new DemoComposeGenerator(
        DemoComposeSpec.nightly("42", "20261124", 0).withVirtualSize(16L << 20))
        .generate(dir.resolve("compose"));
    HttpClient client = HttpClient.newHttpClient();

    try (ComposeHttpServer server = ComposeHttpServer.start(compose.location())) {
      ComposeRef ref = compose.composeRef(server.baseUri());
      HttpResponse<byte[]> metadata = client.send(
          HttpRequest.newBuilder(URI.create(ref.location() + "/metadata/images.json")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode images = new ObjectMapper().readTree(metadata.body());
      ImageArtifact ec2 = compose.image("raw-xz", "x86_64");
      // What a parallel xz reader asks first: the 12-byte stream footer at the end of the file.
      HttpResponse<byte[]> footer = client.send(
          HttpRequest.newBuilder(URI.create(ref.location() + "/" + ec2.path()))
              .header("Range", "bytes=-12").build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertThat(ref.location()).isEqualTo("http://127.0.0.1:" + server.baseUri().getPort());
      assertThat(images.at("/payload/compose/id").asText()).isEqualTo(compose.composeId());
      assertThat(footer.statusCode()).isEqualTo(206);
      assertThat(new String(footer.body(), 10, 2, StandardCharsets.US_ASCII)).isEqualTo("YZ");
      long indexSize = (ByteBuffer.wrap(footer.body()).order(ByteOrder.LITTLE_ENDIAN).getInt(4) + 1L) * 4;
      assertThat(indexSize).isLessThan(ec2.size());
      assertThat(server.requestsFor(ec2.path())).singleElement()
          .satisfies(request -> assertThat(request.bodyBytes()).isEqualTo(12));
    }
  }
}
