package io.tradinggrid.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradinggrid.bridge.cli.BridgeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** rules validate and rules test, as a user runs them after editing config/. */
class RulesCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return new Run(code, out.toString());
    }

    private Path editableConfig() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        for (String file : new String[] {"application.properties", "classification-rules.yaml", "routing-table.yaml", "status-maps.yaml"}) {
            Files.copy(Path.of("config", file), config.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return config;
    }

    @Test
    void should_find_no_error_in_the_shipped_configuration_and_routes() {
        Run run = cli("rules", "validate");
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("0 error(s), 0 warning(s)");
    }

    @Test
    void should_name_the_file_and_line_of_an_invalid_routing_table_edit() throws Exception {
        Path config = editableConfig();
        Path table = config.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(table).replace("  claim:\n    target: workflow:claim\n    team: claims\n",
                "  claim:\n    target: workflow:claim\n    tem: claims\n"));

        Run run = cli("rules", "validate", "--config-dir", config.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("ERROR .*routing-table.yaml:\\d+: .*tem");
    }

    @Test
    void should_warn_about_a_rule_that_an_earlier_rule_makes_unreachable() throws Exception {
        Path config = editableConfig();
        Path rules = config.resolve("classification-rules.yaml");
        Files.writeString(rules, Files.readString(rules).replace("rules:\n", "rules:\n  - id: everything-critical\n    when:\n      priorities: [CRITICAL]\n    type: critical-escalation\n"));

        Run run = cli("rules", "validate", "--config-dir", config.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("rule critical-delivery-escalation can never match: rule everything-critical before it");
    }

    @Test
    void should_show_which_threads_an_edit_would_send_elsewhere_without_creating_anything() throws Exception {
        Path edited = editableConfig();
        Path table = edited.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(table).replace("  claim:\n    target: workflow:claim\n    team: claims\n",
                "  claim:\n    target: workflow:claim\n    team: finance\n"));

        Run run = cli("rules", "test", "--with", edited.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("~ W6-damage-claim").contains("claim/damage -> workflow:claim (claims)")
                .contains("=> claim/damage -> workflow:claim (finance)").contains("3 would go elsewhere");
    }

    private static final String CLAIM_THREAD = "{\"id\":\"THR-000777\",\"category\":\"GENERAL\",\"priority\":\"NORMAL\","
            + "\"title\":\"PO 4500098121 received short\",\"body\":\"Only 38 of 40 cartons arrived. Please credit the 2 missing cartons.\"}";

    private Path corpus() throws Exception {
        return Files.writeString(dir.resolve("corpus.jsonl"), String.join("\n",
                "{\"id\":\"C1\",\"set\":\"test\",\"thread\":" + CLAIM_THREAD.replace("THR-000777", "C1")
                        + ",\"expected\":{\"type\":\"claim\",\"subtype\":\"shortage\",\"target\":\"workflow:claim\",\"team\":\"claims\"}}",
                "{\"id\":\"C2\",\"set\":\"tune\",\"thread\":{\"category\":\"DISPUTE\",\"title\":\"Disputed freight charges\",\"body\":\"We do not"
                        + " agree with the accessorial charges.\"},\"expected\":{\"type\":\"dispute\",\"target\":\"workflow:partnerExceptionCase\","
                        + "\"team\":\"customer-service\"}}") + "\n");
    }

    @Test
    void should_explain_the_rule_the_words_and_the_target_of_a_thread() throws Exception {
        Path thread = Files.writeString(dir.resolve("thread.json"), CLAIM_THREAD);

        Run run = cli("rules", "explain", "--thread", thread.toString());

        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("THR-000777").contains("type      claim/shortage  (rule ").contains("because   category GENERAL")
                .contains("text \"").contains("goes to   workflow:claim (claims)").contains("runners-up");
    }

    @Test
    void should_refuse_a_thread_id_that_is_not_one() {
        Run run = cli("rules", "explain", "../threads?x=1");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).contains("Not a thread id");
    }

    @Test
    void should_score_the_rules_on_a_labelled_corpus_before_and_after_an_edit() throws Exception {
        Path edited = editableConfig();
        Path table = edited.resolve("routing-table.yaml");
        Files.writeString(table, Files.readString(table).replace("  claim:\n    target: workflow:claim\n    team: claims\n",
                "  claim:\n    target: workflow:claim\n    team: finance\n"));

        Run all = cli("rules", "evaluate", "--corpus", corpus().toString(), "--with", edited.toString(), "--misses");
        Run testSet = cli("rules", "evaluate", "--corpus", corpus().toString(), "--set", "test");
        Run diff = cli("rules", "test", "--corpus", corpus().toString(), "--with", edited.toString());

        assertThat(all.code()).as(all.out()).isZero();
        assertThat(all.out()).contains("set all: 2 labelled thread(s)").containsPattern("right target and team +100\\.0% +50\\.0%")
                .containsPattern("right family +100\\.0% +100\\.0%").containsPattern("\\n  claim +1 +100% +100%");
        assertThat(testSet.out()).contains("set test: 1 labelled thread(s)");
        assertThat(diff.out()).contains("~ C1").contains("1 would go elsewhere").containsPattern("right target and team +100\\.0% +50\\.0%");
    }

    @Test
    void should_take_the_store_and_systems_of_the_running_sandbox_with_the_sandbox_option() throws Exception {
        Path endpoints = dir.resolve("endpoints.json");
        Files.writeString(endpoints, "{\"bridge\":{\"properties\":{\"tgb.store.url\":\"jdbc:h2:file:" + dir.resolve("sandbox-store") + "\"}}}");

        Run run = cli("dlq", "list", "--sandbox", endpoints.toString());

        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("0 dead letter(s)");
        assertThat(dir.resolve("sandbox-store.mv.db")).exists();
    }

    @Test
    void should_say_so_when_there_is_no_running_sandbox() {
        Run run = cli("dlq", "list", "--sandbox", dir.resolve("nothing.json").toString());

        assertThat(run.code()).isNotZero();
        assertThat(run.out()).contains("No running sandbox").contains("nothing.json");
    }
}
