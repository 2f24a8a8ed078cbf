package org.imagerelease.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.Test;

/**
 * Every command of docs/operations.md is one a person can paste: the project's own are parsed by
 * its command line (options, required values, subcommands), and the workflow ids, signals,
 * queries, search attributes, stages and signal inputs of the {@code temporal} and {@code tctl}
 * lines are the ones the code has.
 */
class OperationsRunbookTest {
  private static final Path RUNBOOK = Path.of("../docs/operations.md");
  private static final Pattern OPTION = Pattern.compile("--(workflow[-_]id|name|type|input|query)\\s+('[^']*'|\\S+)");
  private static final Pattern QUERY_TERM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Set<String> BUILT_IN_ATTRIBUTES = Set.of("ExecutionStatus", "WorkflowType", "WorkflowId");

  @Test
  void everyImageReleaseCommandParses() throws IOException {
    List<String> commands = commandsStartingWith("image-release ");

    assertThat(commands).hasSizeGreaterThan(15);
    for (String command : commands) {
      String[] args = words(command.substring("image-release ".length())).toArray(String[]::new);
      assertThatCode(() -> DevtoolsCli.commandLine().parseArgs(args)).as(command).doesNotThrowAnyException();
    }
  }

  @Test
  void everyTemporalAndTctlLineNamesWhatTheWorkflowHas() throws IOException {
    List<String> commands = new ArrayList<>(commandsStartingWith("temporal "));
    commands.addAll(commandsStartingWith("tctl "));
    Set<String> signals = methodNames(SignalMethod.class);
    Set<String> queries = methodNames(QueryMethod.class);
    Set<String> stages = Arrays.stream(ReleaseStage.values()).map(Enum::name).collect(Collectors.toSet());
    Set<String> attributes = ReleaseSearchAttributes.ALL.stream().map(key -> key.getName()).collect(Collectors.toSet());

    assertThat(commands).hasSizeGreaterThan(8);
    for (String command : commands) {
      Matcher option = OPTION.matcher(command);
      while (option.find()) {
        String value = option.group(2).replaceAll("^'|'$", "");
        switch (option.group(1)) {
          case "workflow-id", "workflow_id" -> assertThat(value).as(command).matches("release-Fedora-[\\w.-]+");
          case "name" -> assertThat(signals).as(command).contains(value);
          case "type" -> assertThat(value).as(command).isIn(concat(queries, Set.of("LastWorkflowTask")));
          case "input" -> assertThat(new ObjectMapper().readValue(value, Decision.class).why()).as(command).isNotBlank();
          case "query" -> queryTerms(value).forEach(term -> {
            assertThat(concat(attributes, BUILT_IN_ATTRIBUTES)).as(command).contains(term.getKey());
            if (term.getKey().equals(ReleaseSearchAttributes.RELEASE_STAGE.getName())) {
              assertThat(stages).as(command).contains(term.getValue());
            }
          });
          default -> throw new AssertionError(option.group(1));
        }
      }
    }
  }

  @Test
  void theRunbookHoldsNoOtherCommandsAndIsInTheReadmeIndex() throws IOException {
    assertThat(bashLines()).allSatisfy(line -> assertThat(line).matches("(image-release|temporal|tctl) .*"));
    assertThat(Files.readString(Path.of("../README.md"))).contains("docs/operations.md");
  }

  private static List<String> commandsStartingWith(String prefix) throws IOException {
    return bashLines().stream().filter(line -> line.startsWith(prefix)).toList();
  }

  /** The lines of the runbook's bash blocks, without comments. */
  private static List<String> bashLines() throws IOException {
    List<String> lines = new ArrayList<>();
    boolean inBlock = false;
    for (String line : Files.readAllLines(RUNBOOK)) {
      if (line.startsWith("```")) {
        inBlock = !inBlock && line.equals("```bash");
        continue;
      }
      String command = line.replaceAll("\\s+#.*$", "").strip();
      if (inBlock && !command.isEmpty()) {
        lines.add(command);
      }
    }
    return lines;
  }

  /** Words as a shell splits them, with single and double quotes. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(line);
    while (word.find()) {
      words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
    }
    return words;
  }

  private static List<java.util.Map.Entry<String, String>> queryTerms(String query) {
    List<java.util.Map.Entry<String, String>> terms = new ArrayList<>();
    Matcher term = QUERY_TERM.matcher(query);
    while (term.find()) {
      terms.add(java.util.Map.entry(term.group(1), term.group(2)));
    }
    assertThat(terms).as(query).isNotEmpty();
    return terms;
  }

  private static Set<String> methodNames(Class<? extends java.lang.annotation.Annotation> annotation) {
    return Arrays.stream(ImageReleaseWorkflow.class.getMethods())
        .filter(method -> method.isAnnotationPresent(annotation))
        .map(Method::getName)
        .collect(Collectors.toSet());
  }

  private static Set<String> concat(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
