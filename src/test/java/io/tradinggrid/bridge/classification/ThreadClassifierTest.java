package io.tradinggrid.bridge.classification;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped classification rules on threads worded the way suppliers and retailers write them. */
class ThreadClassifierTest {

    private static ThreadClassifier classifier;

    @BeforeAll
    static void load() throws Exception {
        // the shipped rules and vocabulary, with the vocabulary's scores deciding (the learnt model: ThreadTypeModelTest)
        ClassificationRules shipped = ClassificationRules.load(Path.of("config/classification-rules.yaml"));
        shipped.learning = null;
        classifier = new ThreadClassifier(shipped);
    }

    private static ClassificationRules rulesOf(String path) {
        try {
            return ClassificationRules.load(Path.of(path));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode thread(String category, String title, String body) {
        ObjectNode thread = Json.object();
        thread.put("category", category).put("title", title).put("body", body).put("priority", "NORMAL");
        return thread;
    }

    @Test
    void should_explain_the_deciding_rule_with_the_words_that_matched_and_what_came_close() {
        ObjectNode thread = thread("GENERAL", "PO 4500098121 received short",
                "Our DC in Columbus received only 38 of 40 cartons against ASN 00087412. Please credit the 2 missing cartons.");

        ThreadClassifier.Explanation why = classifier.explain(thread, Integer.MAX_VALUE);

        assertThat(why.decided()).isEqualTo(classifier.classify(thread));
        ThreadClassifier.RuleCheck decider = why.checks().stream().filter(c -> c.ruleId().equals(why.decided().ruleId())).findFirst().orElseThrow();
        assertThat(decider.matched()).isTrue();
        assertThat(decider.failed()).isNull();
        assertThat(decider.evidence()).contains("category GENERAL").anySatisfy(e -> assertThat(e).startsWith("text \""));
        assertThat(why.checks()).as("every rule, in order").extracting(ThreadClassifier.RuleCheck::ruleId)
                .containsExactlyElementsOf(rulesOf("config/classification-rules.yaml").rules.stream().map(r -> r.id).toList());
        assertThat(why.runnersUp(3)).isNotEmpty().allSatisfy(c -> {
            assertThat(c.ruleId()).isNotEqualTo(decider.ruleId());
            assertThat(c.matched() || !c.evidence().isEmpty()).isTrue();
        });
        assertThat(why.checks()).filteredOn(c -> !c.matched()).allSatisfy(c -> assertThat(c.failed()).isNotBlank());
    }

    @Test
    void should_say_which_condition_failed_for_a_rule_that_did_not_hold() throws Exception {
        Path rules = Files.writeString(Files.createTempFile("rules", ".yaml"), """
                rules:
                  - id: rejected-asn
                    when:
                      categories: [TRANSACTION_FAILURE]
                      ediDocumentTypes: ['856']
                      textAny: ['\\brejected\\b']
                    type: transaction-failure
                    subtype: failed-asn
                categories:
                  TRANSACTION_FAILURE: transaction-failure
                """);
        ObjectNode thread = thread("TRANSACTION_FAILURE", "ASN rejected", "The hub rejected our 856 this morning.");
        thread.putObject("references").put("ediDocumentType", "810");

        ThreadClassifier.Explanation why = new ThreadClassifier(ClassificationRules.load(rules)).explain(thread, Integer.MAX_VALUE);

        assertThat(why.decided().ruleId()).isEqualTo("category:TRANSACTION_FAILURE");
        assertThat(why.checks()).singleElement().satisfies(c -> {
            assertThat(c.matched()).isFalse();
            assertThat(c.failed()).isEqualTo("ediDocumentType 810 is not one of [856]");
            assertThat(c.evidence()).containsExactly("category TRANSACTION_FAILURE", "text \"rejected\"");
        });
        assertThat(why.runnersUp(3)).extracting(ThreadClassifier.RuleCheck::ruleId).containsExactly("rejected-asn");
    }

    @Test
    void should_let_the_words_decide_a_general_thread_that_no_rule_speaks_for() {
        Classification c = classifier.classify(thread("GENERAL", "Request access to test environment",
                "We are changing our ERP and would like to test the INVOIC and DESADV messages in your test environment before go-live."));
        assertThat(c.key()).isEqualTo("partner-request");
        assertThat(c.ruleId()).isEqualTo("words");
    }

    @Test
    void should_send_a_thread_nothing_speaks_for_to_triage_naming_the_two_likeliest_types() {
        Classification c = classifier.classify(thread("GENERAL", "Two things", "The remittance looks odd, and what is the ETA?"));
        assertThat(c.unclassified()).isTrue();
        assertThat(c.likely()).containsExactlyInAnyOrder("invoice-mismatch", "delivery-exception");
    }

    @Test
    void should_take_the_partners_category_when_no_rule_speaks() {
        Classification c = classifier.classify(thread("DISPUTE", "PO 4500012345", "Please call me back about this one."));
        assertThat(c.key()).isEqualTo("dispute");
        assertThat(c.ruleId()).isEqualTo("category:DISPUTE");
    }

    @Test
    void should_classify_a_general_thread_about_a_short_shipment_as_a_shortage_claim() {
        Classification c = classifier.classify(thread("GENERAL", "PO 4500098121 received short",
                "Our DC in Columbus received only 38 of 40 cartons against ASN 00087412. Please credit the 2 missing cartons."));
        assertThat(c.key()).isEqualTo("claim/shortage");
    }

    @Test
    void should_correct_an_invoice_mismatch_that_is_really_a_damage_claim() {
        Classification c = classifier.classify(thread("DISPUTE", "Pallet arrived crushed - invoice 91-22871",
                "Two pallets were crushed on arrival, photos attached. We are filing for the damaged goods."));
        assertThat(c.key()).isEqualTo("claim/damage");
    }

    @Test
    void should_route_an_invoice_rejected_for_missing_tax_data_to_the_tax_exception_type() {
        ObjectNode t = thread("TRANSACTION_FAILURE", "810 rejected by your AP system",
                "Invoice INV-2026-11873 was rejected: VAT amount missing on line items 3 and 4.");
        t.putObject("references").put("invoice", "INV-2026-11873").put("ediDocumentType", "810");
        assertThat(classifier.classify(t).key()).isEqualTo("transaction-failure/invoice-missing-tax-data");
    }

    @Test
    void should_recognise_a_failed_asn_from_the_edi_document_type_and_wording() {
        ObjectNode t = thread("GENERAL", "ASN not accepted", "Our 856 for shipment 1Z999AA10123456784 was rejected with a 997 error AK5*R.");
        t.putObject("references").put("advanceShipNotice", "00087412").put("ediDocumentType", "856");
        assertThat(classifier.classify(t).key()).isEqualTo("transaction-failure/failed-asn");
    }

    @Test
    void should_escalate_a_critical_delivery_exception_to_a_case() {
        ObjectNode t = thread("DELIVERY_EXCEPTION", "Holiday promo shipment 3 days late", "Store shelves empty in 40 locations.");
        t.put("priority", "CRITICAL");
        assertThat(classifier.classify(t).key()).isEqualTo("critical-escalation");
    }

    @Test
    void should_turn_a_request_for_a_corrected_bill_of_lading_into_a_document_request() {
        assertThat(classifier.classify(thread("GENERAL", "Need corrected BOL",
                "Please send a corrected bill of lading for load 778812, the seal number is wrong.")).key())
                .isEqualTo("document-request");
    }

    @Test
    void should_split_partner_requests_by_kind() {
        assertThat(classifier.classify(thread("PARTNER_REQUEST", "Pricing exception for Q1 promo",
                "Requesting a pricing exception on SKU 88123 for the January circular.")).key())
                .isEqualTo("partner-request/pricing-exception");
        assertThat(classifier.classify(thread("PARTNER_REQUEST", "Wrong GTIN in your item master",
                "The GTIN for item 55102 should be 00012345678905.")).key())
                .isEqualTo("partner-request/product-data-correction");
        assertThat(classifier.classify(thread("PARTNER_REQUEST", "Add a second ship-from location",
                "We opened a new warehouse in Reno and need it set up.")).key())
                .isEqualTo("partner-request/service-request");
    }

    @Test
    void should_find_a_missing_asn_in_free_text() {
        assertThat(classifier.classify(thread("GENERAL", "Truck at door 12 with no ASN",
                "Carrier arrived for PO 4500012999 but we have no advance ship notice on file.")).key())
                .isEqualTo("missing-asn");
    }

    @Test
    void should_send_a_thread_nothing_recognises_to_triage() {
        Classification c = classifier.classify(thread("GENERAL", "Hello", "Who is our new account manager?"));
        assertThat(c.unclassified()).isTrue();
        assertThat(c.key()).isEqualTo("unclassified");
    }

    @Test
    void should_send_a_thread_without_category_to_triage_rather_than_fail() {
        ObjectNode t = Json.object();
        t.put("title", "??");
        assertThat(classifier.classify(t).unclassified()).isTrue();
    }

    @Test
    void should_refuse_rules_with_a_broken_regular_expression_at_load_time() {
        ClassificationRules rules = new ClassificationRules();
        ClassificationRules.Rule rule = new ClassificationRules.Rule();
        rule.id = "broken";
        rule.type = "claim";
        rule.when.textAny = List.of("(unclosed");
        rules.rules.add(rule);
        assertThatThrownBy(() -> new ThreadClassifier(rules)).hasMessageContaining("broken").hasMessageContaining("(unclosed");
    }
}
