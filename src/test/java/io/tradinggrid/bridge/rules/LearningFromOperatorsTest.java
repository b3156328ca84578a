package io.tradinggrid.bridge.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.classification.LabelledThread;
import io.tradinggrid.bridge.link.ThreadLink;
import io.tradinggrid.bridge.status.RoutingCorrections;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operators correct the bridge's routing in ServiceNow; the bridge notes each correction, and `rules suggest` turns
 * them into a vocabulary edit that sends those threads where the operators did and moves no thread of the corpus.
 */
class LearningFromOperatorsTest extends ForwardPathTestSupport {

    private static final Path CORPUS = Path.of("config/classification-corpus.jsonl");

    private void syncStatus() {
        for (String table : List.of("incident", "sn_customerservice_case", "sc_task")) {
            template.sendBody("direct:servicenow-status-table", table);
        }
        template.sendBody("direct:workflow-status-poll", null);
    }

    @Test
    void should_note_ten_operator_corrections_and_suggest_an_edit_that_fixes_them_without_moving_the_corpus() throws Exception {
        // wording the vocabulary does not know: mill test reports, which the document team sends
        List<String> threadIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ObjectNode thread = Json.object();
            thread.put("title", "MTR for heat " + (88120 + i)).put("category", "GENERAL")
                    .put("body", "Coil " + (i + 1) + " of PO 45001002" + i + " arrived without its mill test report. Our QA is waiting on it.");
            threadIds.add(sandbox().community().openThreadAsPartner("COM-KST-DISTRIBUTION", "PTR-100107", null, thread, List.of())
                    .path("id").asText());
        }
        pollAll();
        String documentControl = clients.serviceNowSysId("sys_user_group", "name=Document Control");
        for (String threadId : threadIds) {
            // the bridge sent it somewhere (triage, or a team that guessed from the words); the operator hands it to the
            // document team: a ServiceNow record gets their assignment group, a Workflow case is re-typed as the
            // document request it is
            ThreadLink link = links().find(threadId).orElseThrow();
            if (link.targetSystem().equals("servicenow")) {
                JsonNode record = clients.serviceNowRecords(link.targetType(), "correlation_id=activecommunity:" + threadId).get(0);
                assertThat(record.path("assignment_group").toString()).doesNotContain(documentControl);
                clients.serviceNowPatch(link.targetType(), record.path("sys_id").asText(), "{\"assignment_group\":\"" + documentControl + "\"}");
            } else {
                assertThat(link.exceptionType()).isNotEqualTo("document-request");
                String process = clients.processByBusinessKey("activecommunity:" + threadId).path("id").asText();
                clients.setProcessVariable(process, "caseType", "document-request");
            }
        }

        syncStatus();

        RoutingCorrections corrections = context.getRegistry().lookupByNameAndType("routingCorrections", RoutingCorrections.class);
        assertThat(corrections.all()).hasSize(10).allSatisfy(c -> {
            assertThat(c.fromTeam()).isNotEqualTo("Document Control");
            assertThat(c.toTeam()).isEqualTo("Document Control");
        });
        syncStatus();
        assertThat(corrections.all()).as("noted once").hasSize(10);

        List<RuleSuggester.Corrected> corrected = new ArrayList<>();
        for (RoutingCorrections.Correction c : corrections.all()) {
            corrected.add(new RuleSuggester.Corrected(clients.thread(c.threadId()), c.toTeam()));
        }
        Path folder = Files.createTempDirectory("suggested");
        RuleSuggester.Result result = RuleSuggester.suggest(Path.of("config"), folder, corrected, LabelledThread.load(CORPUS, null), 20_000);

        assertThat(result.suggestions()).isNotEmpty().allSatisfy(s -> assertThat(s.key()).isEqualTo("document-request"));
        assertThat(result.fixed()).as("corrected threads sent where the operators sent them").isEqualTo(10);
        assertThat(result.corpusMoved()).as("corpus threads moved").isZero();
        assertThat(result.corrected()).hasSize(10).allSatisfy(row -> {
            assertThat(row.changed()).isTrue();
            assertThat(row.edited()).contains("(Document Control)");
        });
        // the edit is a folder rules test and rules validate take as it is; the shipped rules are unchanged
        List<RulesTester.Row> corpusRows = RulesTester.run(Path.of("config"), folder,
                LabelledThread.load(CORPUS, null).stream().map(LabelledThread::thread).toList());
        assertThat(corpusRows).noneMatch(RulesTester.Row::changed);
        // a phrase goes into the edited rules; where the learnt model decides, the corrected threads join its examples
        RuleSuggester.Suggestion first = result.suggestions().get(0);
        Path changedFile = folder.resolve(first.example() ? "classification-corpus.jsonl" : "classification-rules.yaml");
        String marker = first.example() ? "\"id\":\"corrected-THR-" : first.phrase();
        assertThat(Files.readString(changedFile)).contains(marker);
        assertThat(Files.readString(Path.of("config").resolve(changedFile.getFileName()))).doesNotContain(marker);
        assertThat(new RulesValidator(folder, Path.of("routes")).validate()).noneMatch(RulesValidator.Finding::error);

        // the operator's command, beside the running bridge
        Path out = Files.createTempDirectory("suggest-cli");
        String printed = command("rules", "suggest", "--corpus", CORPUS.toString(), "--out", out.toString());

        assertThat(printed).contains("10 routing correction(s) by operators").containsPattern("\\+ (rule|vocabulary|example) +document-request")
                .contains("10 of 10 corrected thread(s) would go where the operators sent them; 0 corpus thread(s) would move");
        assertThat(out.resolve("classification-rules.yaml")).exists();
    }
}
