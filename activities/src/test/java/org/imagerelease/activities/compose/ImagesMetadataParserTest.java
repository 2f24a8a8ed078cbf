package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.assertj.core.api.AbstractThrowableAssert;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagesMetadataParserTest {
  private static final String EC2_X86_PATH =
      "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz";

  private final ImagesMetadataParser parser = new ImagesMetadataParser();

  @Test
  void readsEveryImageOfVersion12Metadata() {
    ComposeImages parsed = parse(SampleComposeJson.fedora41());

    assertThat(parsed.compose())
        .isEqualTo(new ComposeInfo("Fedora-41-20241027.0", "20241027", "production", 0));
    assertThat(parsed.images()).hasSize(11);
    assertThat(parsed.images())
        .contains(
            new ImageArtifact(
                "Cloud",
                "x86_64",
                "Cloud_Base",
                "raw-xz",
                "raw.xz",
                EC2_X86_PATH,
                394218420L + EC2_X86_PATH.length(),
                SampleComposeJson.sha256Of(EC2_X86_PATH)));
  }

  @Test
  void rejectsVersion11MetadataWithoutSubvariantAsProductmdDoes() {
    assertInvalid(SampleComposeJson.fedora41().asVersion11WithoutSubvariants())
        .hasMessageContaining("field 'subvariant' is missing (productmd requires it from metadata version 1.1 on)");
  }

  @Test
  void keepsSubvariantOfVersion11MetadataThatHasIt() {
    var sample = SampleComposeJson.fedora41();
    sample.header().put("version", "1.1");

    assertThat(parse(sample).images())
        .allSatisfy(image -> assertThat(image.subvariant()).isNotEmpty());
  }

  @Test
  void storesChecksumsInLowerCase() {
    var sample = SampleComposeJson.fedora41();
    String upper = SampleComposeJson.sha256Of(EC2_X86_PATH).toUpperCase(Locale.ROOT);
    ((ObjectNode) sample.ec2X86().get("checksums")).put("sha256", upper);

    assertThat(parse(sample).images())
        .filteredOn(image -> image.path().equals(EC2_X86_PATH))
        .singleElement()
        .extracting(ImageArtifact::sha256)
        .isEqualTo(upper.toLowerCase(Locale.ROOT));
  }

  @Test
  void rejectsOtherHeaderType() {
    var sample = SampleComposeJson.fedora41();
    sample.header().put("type", "productmd.rpms");

    assertInvalid(sample).hasMessageContaining("header: field 'type' is 'productmd.rpms'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.9", "1.3", "2.0"})
  void rejectsUnsupportedVersion(String version) {
    var sample = SampleComposeJson.fedora41();
    sample.header().put("version", version);

    assertInvalid(sample)
        .hasMessageContaining("field 'version' is '" + version + "'")
        .hasMessageContaining("1.0, 1.1, 1.2");
  }

  @Test
  void rejectsVersionWrittenAsNumber() {
    var sample = SampleComposeJson.fedora41();
    sample.header().put("version", 1.2);

    assertInvalid(sample).hasMessageContaining("header: field 'version' must be a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "arch", "size", "checksums", "subvariant"})
  void rejectsImageWithoutRequiredField(String field) {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().remove(field);

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "' (variant Cloud, arch x86_64)")
        .hasMessageContaining("field '" + field + "' is missing");
  }

  @Test
  void rejectsImageWithoutSha256AndNamesTheNestedField() {
    var sample = SampleComposeJson.fedora41();
    ((ObjectNode) sample.ec2X86().get("checksums")).remove("sha256");
    ((ObjectNode) sample.ec2X86().get("checksums")).put("md5", "0".repeat(32));

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'checksums.sha256' is missing");
  }

  @Test
  void rejectsImageWithoutPathAndNamesItsPlaceInTheFile() {
    var sample = SampleComposeJson.fedora41();
    ((ObjectNode) sample.images("Cloud", "x86_64").get(1)).remove("path");

    assertInvalid(sample)
        .hasMessageContaining("image #2 of variant Cloud, arch x86_64: field 'path' is missing");
  }

  @Test
  void rejectsSizeWrittenAsString() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", "394218420");

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'size' must be a whole number, was a JSON string");
  }

  @Test
  void rejectsFractionalSize() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", 1.5);

    assertInvalid(sample).hasMessageContaining("field 'size' must be a whole number");
  }

  @Test
  void rejectsPathWrittenAsNumber() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("path", 17);

    assertInvalid(sample)
        .hasMessageContaining(
            "image #1 of variant Cloud, arch x86_64: field 'path' must be a string");
  }

  @Test
  void rejectsChecksumsThatAreNotAnObject() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("checksums", "abc");

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'checksums' must be a JSON object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "zz",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"
      })
  void rejectsSha256ThatIsNot64HexCharacters(String sha256) {
    var sample = SampleComposeJson.fedora41();
    ((ObjectNode) sample.ec2X86().get("checksums"))
        .put("sha256", sha256.isEmpty() ? "g".repeat(64) : sha256);

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'checksums.sha256' must be 64 hex characters");
  }

  @Test
  void rejectsNegativeSize() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", -1);

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'size' must not be negative, was -1");
  }

  @Test
  void rejectsSizeAboveTheDefaultBoundOf64GiB() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", (64L << 30) + 1);

    assertInvalid(sample).hasMessageContaining("more than the bound of 68719476736 bytes");
  }

  @Test
  void rejectsSizeAboveAConfiguredBound() {
    var sample = SampleComposeJson.fedora41();
    var strict = new ImagesMetadataParser(1000);

    assertThatThrownBy(() -> strict.parse(sample.bytes(), "test"))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("more than the bound of 1000 bytes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../Fedora.raw.xz",
        "Cloud/../../etc/passwd",
        "Cloud/x86_64/../../../outside.raw.xz",
        "/etc/passwd",
        "//evil.example/Fedora.raw.xz",
        "Cloud\\x86_64\\Fedora.raw.xz",
        "https://evil.example/Fedora.raw.xz",
        "file:/etc/passwd",
        "Cloud//Fedora.raw.xz",
        "Cloud/x86_64/images/",
        "Cloud/./Fedora.raw.xz",
        "Cloud/Fedora.raw.xz\nSHA256 (evil) = 00"
      })
  void rejectsPathThatCouldLeaveTheCompose(String path) {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("path", path);

    assertInvalid(sample).hasMessageContaining("(variant Cloud, arch x86_64): field 'path' ");
  }

  /** NEL, the line and paragraph separators end a line for Python's splitlines(): a forged CHECKSUM line. */
  @ParameterizedTest
  @ValueSource(strings = {"\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\u00a0", "\u0000", "\u001b"})
  void rejectsPathWithAnInvisibleCharacterAndShowsItEscaped(String character) {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("path", "Cloud/x86_64/images/Fedora" + character + "SHA256 (evil) = 00.raw.xz");
    String escaped = String.format("\\u%04x", (int) character.charAt(0));

    assertInvalid(sample)
        .hasMessageContaining("image 'Cloud/x86_64/images/Fedora" + escaped + "SHA256 (evil) = 00.raw.xz'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(character));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0085", "\u2028", "\u202e", " ", "(", "=", "%", ":"})
  void rejectsPathWithACharacterOutsideTheAllowListAndNamesIt(String character) {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("path", "Cloud/x86_64/images/Fedora" + character + "1.raw.xz");
    String shown = character.charAt(0) < 0x7f ? "'" + character + "'" : String.format("\\u%04x", (int) character.charAt(0));

    assertInvalid(sample).hasMessageContaining("field 'path' has " + shown + " at position 27, not allowed in a path");
  }

  @Test
  void rejectsPathWithALoneSurrogateAndShowsItEscaped() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("path", "Cloud/x86_64/images/LONE.raw.xz");
    String json = new String(sample.bytes(), StandardCharsets.UTF_8).replace("LONE", "\\ud800");

    assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8), "test"))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
        .hasMessageContaining("image 'Cloud/x86_64/images/\\ud800.raw.xz'")
        .hasMessageContaining("field 'path' has \\ud800 at position 21, not allowed in a path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cloud\u0000Base", "Cloud\u001b[2JBase", "Cloud.Base", "Cloud*", "Cloud#", "Cloud Base"})
  void rejectsSubvariantThatCouldChangeATopicOrATerminal(String subvariant) {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("subvariant", subvariant);

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'subvariant' has ")
        .hasMessageContaining("not allowed in a subvariant")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\u001b"));
  }

  @Test
  void rejectsComposeIdThatWouldClearATerminalAndShowsItEscaped() {
    var sample = SampleComposeJson.fedora41();
    sample.compose().put("id", "Fedora-41-20241027.0\n\u001b[2J\u001b[HAll good");

    assertInvalid(sample)
        .hasMessageContaining("payload.compose: field 'id' has \\u000a at position 21, not allowed in a compose id")
        .hasMessageContaining("(was 'Fedora-41-20241027.0\\u000a\\u001b[2J\\u001b[HAll good')")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u001b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"variant", "arch key", "arch", "type", "format"})
  void rejectsEveryOtherNameOutsideItsAllowList(String name) {
    var sample = SampleComposeJson.fedora41();
    String bad = "x86_64\u202e";
    switch (name) {
      case "variant" -> sample.variants().set("Cloud\u202e", sample.variants().remove("Cloud"));
      case "arch key" -> ((ObjectNode) sample.variants().get("Server")).set(bad, ((ObjectNode) sample.variants().get("Server")).remove("x86_64"));
      case "arch" -> sample.ec2X86().put("arch", bad);
      default -> sample.ec2X86().put(name, "raw\u202e");
    }

    assertInvalid(sample).hasMessageContaining("\\u202e at position");
  }

  @Test
  void rejectsSizeZeroThatNoFileCouldMatch() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", 0);

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'size' is 0; an image has at least one byte");
  }

  @Test
  void rejectsPathListedTwice() {
    var sample = SampleComposeJson.fedora41();
    ObjectNode copy = sample.ec2X86().deepCopy();
    copy.put("subvariant", "Cloud_Other");
    sample.images("Cloud", "x86_64").add(copy);

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining("field 'path' is listed twice");
  }

  @Test
  void rejectsTwoEntriesForTheSameImageIdentity() {
    var sample = SampleComposeJson.fedora41();
    ObjectNode copy = sample.ec2X86().deepCopy();
    copy.put("path", "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4-again.x86_64.raw.xz");
    sample.images("Cloud", "x86_64").add(copy);

    assertInvalid(sample)
        .hasMessageContaining("Fedora-Cloud-Base-AmazonEC2-41-1.4-again.x86_64.raw.xz")
        .hasMessageContaining(
            "same subvariant, type, format, arch and disc_number as image '" + EC2_X86_PATH + "'");
  }

  @Test
  void acceptsSameIdentityOnAnotherDisc() {
    var sample = SampleComposeJson.fedora41();
    ObjectNode copy = sample.ec2X86().deepCopy();
    copy.put("path", "Cloud/x86_64/images/disc2.raw.xz");
    copy.put("disc_number", 2);
    sample.images("Cloud", "x86_64").add(copy);

    assertThat(parse(sample).images()).hasSize(12);
  }

  @Test
  void rejectsImageWhoseArchDiffersFromItsArchKey() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("arch", "aarch64");

    assertInvalid(sample)
        .hasMessageContaining("image '" + EC2_X86_PATH + "'")
        .hasMessageContaining(
            "field 'arch' is 'aarch64' but the image is listed under arch 'x86_64'");
  }

  @Test
  void rejectsMissingComposeId() {
    var sample = SampleComposeJson.fedora41();
    sample.compose().remove("id");

    assertInvalid(sample).hasMessageContaining("payload.compose: field 'id' is missing");
  }

  @Test
  void rejectsArchEntryThatIsNotAList() {
    var sample = SampleComposeJson.fedora41();
    ((ObjectNode) sample.variants().get("Server")).putObject("x86_64");

    assertInvalid(sample)
        .hasMessageContaining("payload.images.Server.x86_64 must be a list of images");
  }

  @Test
  void rejectsDocumentThatIsNotJson() {
    assertThatThrownBy(() -> parser.parse("{\"header\": ".getBytes(StandardCharsets.UTF_8), "test"))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void rejectsDuplicateKeysInsteadOfPickingOne() {
    String json =
        new String(SampleComposeJson.fedora41().bytes(), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"type\" : \"productmd.images\"",
                "\"type\" : \"productmd.images\", \"type\" : \"productmd.images\"");

    assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8), "test"))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("Duplicate field 'type'");
  }

  @Test
  void namesTheSourceOfTheMetadata() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", -5);

    assertThatThrownBy(
            () -> parser.parse(sample.bytes(), "https://compose.example/metadata/images.json"))
        .hasMessageStartingWith(
            "Invalid compose metadata https://compose.example/metadata/images.json: ");
  }

  private ComposeImages parse(SampleComposeJson sample) {
    return parser.parse(sample.bytes(), "test");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(SampleComposeJson sample) {
    return assertThatThrownBy(() -> parse(sample))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e ->
                assertThat(e.failureType())
                    .isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA));
  }
}
