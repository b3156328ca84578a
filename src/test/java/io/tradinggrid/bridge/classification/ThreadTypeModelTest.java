package io.tradinggrid.bridge.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model learnt from labelled threads decides where no rule holds, from the evidence the rules and words give. */
class ThreadTypeModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path config;

    private static final String RULES = """
            rules:
              - id: edi-rejected
                when:
                  ediDocumentTypes: ['856']
                  textAny: ['\\brejected\\b']
                type: transaction-failure
                subtype: failed-asn
            categories:
              CLAIM: claim
              GENERAL: unclassified
            vocabulary:
              claim:
                en: [damaged, broken, credit]
              delivery-exception:
                en: [late, appointment, truck]
            learning:
              examples: examples.jsonl
              iterations: 100
              minConfidence: 0.55
            """;

    /** Damage claims and late deliveries, where the word "truck" is in both and only the learnt weights tell them apart. */
    private Path examples() throws IOException {
        List<String> lines = new ArrayList<>();
        String[] claims = {"Pallets arrived damaged off the truck, please credit", "Broken cartons in the truck, we want a credit",
            "Damaged goods, credit needed", "Three cases broken, credit please", "Damaged on arrival, raise a credit"};
        String[] late = {"The truck was late for the appointment", "Missed appointment, truck came late",
            "Late truck again at dock 4", "Your appointment was missed, late delivery", "Truck late by two hours"};
        for (int i = 0; i < claims.length; i++) {
            lines.add(line("T" + i, claims[i], "claim", "workflow:claim", "claims"));
            lines.add(line("L" + i, late[i], "delivery-exception", "workflow:partnerExceptionCase", "logistics"));
        }
        lines.add(line("H1", "Held out: truck late", "claim", "workflow:claim", "claims").replace("\"set\":\"tune\"", "\"set\":\"test\""));
        return Files.write(config.resolve("examples.jsonl"), lines);
    }

    private static String line(String id, String body, String type, String target, String team) {
        return "{\"id\":\"" + id + "\",\"set\":\"tune\",\"thread\":{\"title\":\"Issue\",\"body\":\"" + body
                + "\",\"category\":\"GENERAL\",\"priority\":\"NORMAL\"},\"expected\":{\"type\":\"" + type + "\",\"target\":\""
                + target + "\",\"team\":\"" + team + "\"}}";
    }

    private ClassificationRules rules() throws IOException {
        examples();
        return ClassificationRules.parse(RULES, config);
    }

    private static JsonNode thread(String body, String category) {
        return MAPPER.createObjectNode().put("title", "Issue").put("body", body).put("category", category).put("priority", "NORMAL");
    }

    @Test
    void should_learn_from_the_tune_lines_only() throws Exception {
        ClassificationRules rules = rules();

        assertThat(rules.examples).hasSize(10).extracting(LabelledThread::id).doesNotContain("H1");
    }

    @Test
    void should_route_an_unseen_thread_by_the_weights_it_learnt_where_no_rule_holds() throws Exception {
        ThreadClassifier classifier = new ThreadClassifier(rules());

        Classification late = classifier.classify(thread("The truck is late and missed our appointment window", "GENERAL"));
        Classification damaged = classifier.classify(thread("Cartons were damaged and broken in the truck, credit us", "GENERAL"));

        assertThat(classifier.learns()).isTrue();
        assertThat(late.key()).isEqualTo("delivery-exception");
        assertThat(late.ruleId()).isEqualTo(ThreadClassifier.LEARNT_RULE);
        assertThat(damaged.key()).isEqualTo("claim");
    }

    @Test
    void should_let_a_rule_that_holds_decide_before_the_model() throws Exception {
        ThreadClassifier classifier = new ThreadClassifier(rules());
        JsonNode thread = ((com.fasterxml.jackson.databind.node.ObjectNode) thread("Our 856 was rejected, the truck is late", "GENERAL"))
                .set("references", MAPPER.createObjectNode().put("ediDocumentType", "856"));

        assertThat(classifier.classify(thread).ruleId()).isEqualTo("edi-rejected");
    }

    private ThreadClassifier withRule(String rule) throws IOException {
        examples();
        return new ThreadClassifier(ClassificationRules.parse(RULES.replace("rules:\n", "rules:\n" + rule), config));
    }

    @Test
    void should_let_the_model_overrule_a_rule_marked_after_model_but_not_one_that_decides_first() throws Exception {
        String rule = """
                  - id: truck-means-claim
                    when:
                      textAny: ['\\btruck\\b']
                    type: claim
                """;
        JsonNode late = thread("The truck is late and missed our appointment window", "GENERAL");

        assertThat(withRule(rule).classify(late).ruleId()).as("before-model, the default").isEqualTo("truck-means-claim");
        Classification weighed = withRule(rule + "    decides: after-model\n").classify(late);
        assertThat(weighed.key()).isEqualTo("delivery-exception");
        assertThat(weighed.ruleId()).isEqualTo(ThreadClassifier.LEARNT_RULE);
    }

    @Test
    void should_let_an_after_model_rule_give_the_subtype_of_the_family_the_model_chose() throws Exception {
        ThreadClassifier classifier = withRule("""
                  - id: claim-damage
                    when:
                      textAny: ['\\bdamaged\\b']
                    type: claim
                    subtype: damage
                    decides: after-model
                """);

        assertThat(classifier.classify(thread("Cartons were damaged and broken in the truck, credit us", "GENERAL")).key())
                .isEqualTo("claim/damage");
    }

    @Test
    void should_let_an_after_model_rule_decide_what_the_model_knows_nothing_about() throws Exception {
        ThreadClassifier classifier = withRule("""
                  - id: weather-delay
                    when:
                      textAny: ['\\bweather\\b']
                    type: delivery-exception
                    decides: after-model
                """);

        Classification c = classifier.classify(thread("Hello, a question about the weather", "GENERAL"));
        assertThat(c.key()).isEqualTo("delivery-exception");
        assertThat(c.ruleId()).isEqualTo("weather-delay");
    }

    @Test
    void should_refuse_a_rule_that_decides_neither_before_nor_after_the_model() {
        assertThatThrownBy(() -> withRule("""
                  - id: sometimes
                    when:
                      textAny: ['\\btruck\\b']
                    type: claim
                    decides: sometimes
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes")
                .hasMessageContaining("after-model");
    }

    @Test
    void should_explain_a_learnt_decision_with_the_evidence_that_weighed_most() throws Exception {
        ThreadClassifier.Explanation why = new ThreadClassifier(rules()).explain(thread("The truck is late for the appointment", "GENERAL"), 10_000);

        assertThat(why.ranking().best().key()).isEqualTo("delivery-exception");
        assertThat(why.ranking().best().score()).isBetween(0.5, 1.0);
        assertThat(why.ranking().best().terms()).isNotEmpty().allMatch(e -> !e.isBlank())
                .anyMatch(e -> e.contains("late") || e.contains("appointment") || e.contains("delivery-exception"));
    }

    @Test
    void should_send_a_thread_without_evidence_to_triage_naming_what_it_might_be() throws Exception {
        Classification nothing = new ThreadClassifier(rules()).classify(thread("Hello, a question about the weather", "GENERAL"));

        assertThat(nothing.unclassified()).isTrue();
        assertThat(nothing.likely()).isNotEmpty().doesNotContain(Classification.UNCLASSIFIED);
    }

    @Test
    void should_refuse_examples_outside_the_config_folder_and_let_the_vocabulary_decide_without_them() throws Exception {
        assertThatThrownBy(() -> ClassificationRules.parse(RULES.replace("examples.jsonl", "../elsewhere.jsonl"), config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name a file in");
        ClassificationRules withoutExamples = ClassificationRules.parse(RULES, config);
        assertThat(withoutExamples.missingExamples).contains("no file examples.jsonl");
        assertThat(new ThreadClassifier(withoutExamples).learns()).as("the vocabulary decides").isFalse();
    }

    @Test
    void should_refuse_to_learn_from_one_type_only() {
        assertThatThrownBy(() -> ThreadTypeModel.train(List.of(new ThreadTypeModel.Example("claim", new String[] {"a"})), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two types");
    }

    @Test
    void should_learn_the_same_model_from_the_same_examples() throws Exception {
        ClassificationRules rules = rules();
        JsonNode thread = thread("truck late, damaged", "GENERAL");

        double once = new ThreadClassifier(rules).explain(thread, 10_000).ranking().best().score();
        double again = new ThreadClassifier(rules.withExamples(new ArrayList<>(rules.examples))).explain(thread, 10_000).ranking().best().score();

        assertThat(again).isEqualTo(once);
    }
}
