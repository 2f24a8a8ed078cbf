package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagerelease.starter.ImageReleaseCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeCommandTest {
  @TempDir Path directory;

  @Test
  void isAnImageReleaseCommandThatSaysWhatItDoes() {
    StringWriter out = new StringWriter();

    int exit = ImageReleaseCli.run(new String[] {"consume", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: image-release consume")
        .contains("FINISHED_INCOMPLETE")
        .contains("--config")
        .contains("--address");
  }

  @Test
  void anUnusableBrokerUrlIsExplainedWithoutItsPassword() throws Exception {
    Path config = Files.writeString(directory.resolve("config.toml"), "amqp_url = \"http://releng:hunter2@rabbitmq.example.org/%2F\"\n");
    StringWriter err = new StringWriter();

    int exit = ImageReleaseCli.run(new String[] {"consume", "--config", config.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("image-release consume: amqp_url must start with amqp:// or amqps://").doesNotContain("hunter2");
  }
}
