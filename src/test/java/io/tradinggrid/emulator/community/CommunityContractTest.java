package io.tradinggrid.emulator.community;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.tradinggrid.emulator.FaultPlan;
import io.tradinggrid.emulator.Json;
import java.nio.charset.StandardCharsets;
import java.net.URL;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator against the contract itself: every operation (path + method) of the repo's copy of
 * active-community-v1.openapi.yaml is driven for real, and every request and response is checked by
 * swagger-request-validator against the contract's schemas, status codes, headers and media types.
 * <p>
 * The contract is read from the classpath ({@value #CONTRACT}, i.e. src/main/resources), so the test runs the same on
 * every machine; a missing copy fails the test. That the copy still equals the shared contract is checked by the build
 * when asked to: {@code mvn -o -q validate -Dcontract.shared=/path/to/active-community-v1.openapi.yaml} fails when the
 * two files differ or the given file does not exist (profile {@code contract-shared} in pom.xml).
 */
class CommunityContractTest extends CommunityEmulatorTestSupport {

    static final String CONTRACT = "contracts/active-community-v1.openapi.yaml";

    static OpenApiInteractionValidator validator;
    static Map<String, Pattern> operations = new LinkedHashMap<>();

    final Map<String, List<Integer>> served = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();
    final List<String> unmatched = new ArrayList<>();

    @BeforeAll
    static void loadContract() {
        URL contract = CommunityContractTest.class.getClassLoader().getResource(CONTRACT);
        assertThat(contract).as("the contract %s on the test classpath (src/main/resources/%s)", CONTRACT, CONTRACT).isNotNull();
        String spec = contract.toString();
        // the API paths are relative to the server's /activecommunity/v1; the token path to the host root,
        // so requests are given to the validator relative to those and the base path is "/"
        validator = OpenApiInteractionValidator.createForSpecificationUrl(spec).withBasePathOverride("/")
                .withResolveCombinators(true) // validate allOf (Attachment, Partner, KnowledgeArticle) as one merged schema
                .build();
        OpenAPI api = new OpenAPIV3Parser().read(spec);
        assertThat(api).as("the contract %s parsed as OpenAPI", contract).isNotNull();
        api.getPaths().forEach((template, item) -> item.readOperationsMap().keySet().forEach(method ->
                operations.put(method.name() + " " + template, Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+")))));
    }

    @BeforeEach
    void record() {
        emulator.resetData();
        client.listener = this::validate;
    }

    @Test
    void should_read_the_contract_operations() {
        // guards the test itself: the contract has 26 operations (if this changes, the drive below must too)
        assertThat(operations).hasSize(26);
    }

    @Test
    void should_have_a_validator_that_flags_responses_breaking_the_contract() {
        // guards the test itself: a thread without its required fields and with a wrong status must be reported
        SimpleResponse broken = SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"id\":\"THR-1\",\"status\":\"DONE\",\"version\":\"one\"}").build();
        ValidationReport report = validator.validateResponse("/threads/THR-1", Request.Method.GET, broken);
        assertThat(report.hasErrors()).isTrue();
        assertThat(validator.validateResponse("/threads/THR-1", Request.Method.GET,
                SimpleResponse.Builder.status(418).build()).hasErrors()).isTrue();
    }

    @Test
    void should_serve_every_operation_of_the_contract_with_conforming_responses() {
        String communityId = "COM-CONTRACT";
        emulator.createCommunity(communityId, "Contract community", "for the contract test");
        ObjectNode partnerSpec = Json.object().put("id", "PTR-CONTRACT").put("companyName", "Contract Supplies Ltd").put("duns", "111222333");
        partnerSpec.putArray("access").addObject().put("communityId", communityId).putArray("roles").add("CONTRIBUTOR");
        emulator.definePartner(partnerSpec);

        // token: client_credentials as JSON and as a form, password grant
        ok(client.tokenRequest("application/json", Json.write(Json.object().put("grant_type", "client_credentials")
                .put("client_id", emulator.credentials().clientId()).put("client_secret", emulator.credentials().clientSecret()))), 200);
        ok(client.tokenRequest("application/x-www-form-urlencoded", CommunityClient.form(Map.of("grant_type", "password",
                "client_id", emulator.credentials().clientId(), "client_secret", emulator.credentials().clientSecret(),
                "username", emulator.credentials().username(), "password", emulator.credentials().password()))), 200);
        ok(client.tokenRequest("application/x-www-form-urlencoded", CommunityClient.form(Map.of("grant_type", "client_credentials",
                "client_id", emulator.credentials().clientId(), "client_secret", "wrong"))), 401);

        // threads
        ObjectNode create = CommunityClient.threadCreate("Outbound notice: DC 14 closed on the holiday", "GENERAL")
                .put("partnerId", "PTR-CONTRACT").put("priority", "NORMAL");
        create.putArray("tags").add("notice");
        create.putObject("references").put("purchaseOrder", "4500000001").put("amount", 12.5).put("currency", "USD");
        create.putObject("origin").put("system", "bridge").put("ref", "servicenow:incident:abc");
        JsonNode thread = ok(client.post("/communities/" + communityId + "/threads", create), 201).json();
        String threadId = thread.path("id").asText();
        ok(client.get("/communities/" + communityId + "/threads?updatedSince=2020-01-01T00:00:00.000Z&status=OPEN&category=GENERAL&offset=0&count=10"), 200);
        CommunityClient.Response got = ok(client.get("/threads/" + threadId), 200);
        ObjectNode patch = Json.object().put("status", "IN_PROGRESS").put("statusNote", "Under review by logistics");
        patch.putArray("externalReferences").addObject().put("system", "servicenow").put("id", "INC0010023").put("status", "In Progress");
        patch.putObject("origin").put("system", "bridge");
        ok(client.patch("/threads/" + threadId, patch, Map.of("If-Match", got.header("ETag"))), 200);
        ok(client.get("/threads/" + threadId + "/posts?createdSince=2020-01-01T00:00:00.000Z&offset=0&count=5"), 200);
        ObjectNode post = Json.object().put("body", "We are looking into it.").put("bodyFormat", "text");
        post.putObject("origin").put("system", "bridge");
        ok(client.post("/threads/" + threadId + "/posts", post), 201);
        byte[] pdf = SampleFiles.pdf(List.of("Proof of delivery"));
        JsonNode attachment = ok(client.upload(threadId, "pod.pdf", "application/pdf", pdf, "PROOF_OF_DELIVERY", "{\"system\":\"bridge\"}"), 201).json();
        String attachmentId = attachment.path("id").asText();
        ok(client.get("/attachments/" + attachmentId), 200);
        ok(client.get("/attachments/" + attachmentId + "/content"), 200);

        // onboarding
        ObjectNode onboardingReq = Json.object().put("companyName", "Newco Foods").put("duns", "999888777").put("country", "US");
        onboardingReq.putArray("contacts").addObject().put("name", "Ann Lee").put("email", "ann@newco.example");
        String requestId = emulator.submitOnboardingRequest(communityId, onboardingReq,
                List.of(new NewFile("w9.pdf", "application/pdf", pdf, "OTHER"))).path("id").asText();
        ok(client.get("/communities/" + communityId + "/onboarding-requests?updatedSince=2020-01-01T00:00:00Z&offset=0&count=50"), 200);
        ok(client.get("/onboarding-requests/" + requestId), 200);
        ObjectNode onboardingPatch = Json.object().put("status", "IN_REVIEW").put("statusNote", "compliance check running");
        onboardingPatch.putArray("checklist").addObject().put("item", "compliance check").put("status", "IN_PROGRESS");
        onboardingPatch.putObject("origin").put("system", "bridge");
        ok(client.patch("/onboarding-requests/" + requestId, onboardingPatch), 200);

        // partners
        ObjectNode partnerCreate = Json.object().put("companyName", "Newco Foods").put("duns", "999888777").put("country", "US");
        partnerCreate.putArray("ediAddresses").addObject().put("qualifier", "ZZ").put("id", "NEWCOFOODS");
        partnerCreate.putArray("externalReferences").addObject().put("system", "servicenow").put("id", "core_company:42");
        partnerCreate.putObject("origin").put("system", "bridge");
        String partnerId = ok(client.post("/partners", partnerCreate), 201).json().path("id").asText();
        ok(client.get("/partners?duns=999888777&offset=0&count=10"), 200);
        ok(client.get("/partners?externalReference=" + CommunityClient.enc("servicenow:core_company:42")), 200);
        ok(client.get("/partners/" + partnerId), 200);
        ObjectNode partnerPatch = Json.object().put("status", "ACTIVE");
        partnerPatch.putArray("contacts").addObject().put("name", "Ann Lee").put("role", "EDI coordinator");
        ok(client.patch("/partners/" + partnerId, partnerPatch), 200);
        ObjectNode access = Json.object().put("communityId", communityId);
        access.putArray("roles").add("CONTRIBUTOR").add("DOCUMENT_SUBMITTER");
        ok(client.put("/partners/" + partnerId + "/access", access), 200);

        // compliance documents
        LocalDate today = LocalDate.now();
        ObjectNode doc = Json.object().put("type", "INSURANCE").put("name", "Certificate of insurance")
                .put("issuedOn", today.minusDays(300).toString()).put("expiresOn", today.plusDays(30).toString());
        String documentId = emulator.submitComplianceDocument(communityId, "PTR-CONTRACT", doc, NewFile.of("coi.pdf", "application/pdf", pdf))
                .path("id").asText();
        ok(client.get("/partners/PTR-CONTRACT/compliance-documents?expiresBefore=" + today.plusDays(60)), 200);
        ok(client.get("/compliance-documents?expiresBefore=" + today.plusDays(60) + "&status=PENDING_REVIEW&offset=0&count=20"), 200);
        ok(client.patch("/compliance-documents/" + documentId, Json.object().put("status", "APPROVED").put("reviewNote", "limits fine")), 200);

        // knowledge articles
        ObjectNode article = Json.object().put("title", "Fixing 856 HL errors").put("body", "<p>Check HL02</p><script>x()</script>")
                .put("bodyFormat", "html");
        article.putArray("tags").add("EDI");
        article.putObject("externalReference").put("system", "servicenow").put("id", "KB0010001");
        String articleId = ok(client.post("/communities/" + communityId + "/knowledge-articles", article), 201).json().path("id").asText();
        ok(client.get("/communities/" + communityId + "/knowledge-articles?externalReference=" + CommunityClient.enc("servicenow:KB0010001")), 200);
        ok(client.put("/knowledge-articles/" + articleId, article.put("title", "Fixing 856 HL errors (v2)")), 200);
        ok(client.delete("/knowledge-articles/" + articleId), 204);

        // webhooks
        ObjectNode subscription = Json.object().put("callbackUrl", "http://127.0.0.1:9/hooks").put("secret", "0123456789abcdef0123");
        subscription.putArray("events").add("thread.created").add("post.created");
        ok(client.post("/subscriptions", subscription), 201);

        assertThat(unmatched).as("requests to paths the contract does not have").isEmpty();
        assertThat(violations).as("contract violations").isEmpty();
        assertThat(new TreeSet<>(served.keySet())).as("operations served").isEqualTo(new TreeSet<>(operations.keySet()));
    }

    @Test
    void should_answer_documented_errors_in_the_contract_shapes() {
        String communityId = "COM-ERRORS";
        emulator.createCommunity(communityId, "Errors", null);
        ObjectNode partnerSpec = Json.object().put("id", "PTR-ERR").put("companyName", "Error Supplies").put("duns", "123123123");
        partnerSpec.putArray("access").addObject().put("communityId", communityId).putArray("roles").add("CONTRIBUTOR");
        emulator.definePartner(partnerSpec);
        String threadId = emulator.openThreadAsPartner(communityId, "PTR-ERR", null, CommunityClient.threadCreate("t", "CLAIM"), List.of())
                .path("id").asText();

        // 401 Fault on a missing token, 404 on unknown community/thread/attachment/partner
        CommunityClient.Response unauthorized = unauthenticatedGet("/communities/" + communityId + "/threads");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.json().path("fault").path("detail").path("errorcode").asText()).isEqualTo("oauth.v2.InvalidAccessToken");
        ok(client.get("/communities/COM-NOPE/threads"), 404);
        ok(client.get("/threads/THR-999999"), 404);
        ok(client.get("/threads/THR-999999/posts"), 404);
        ok(client.get("/attachments/ATT-999999"), 404);
        ok(client.get("/attachments/ATT-999999/content"), 404);
        ok(client.get("/partners/PTR-NOPE"), 404);
        ok(client.get("/onboarding-requests/ONB-999999"), 404);
        // 400 on bad bodies
        ok(client.post("/communities/" + communityId + "/threads", "{not json"), 400);
        ok(client.post("/communities/" + communityId + "/threads", Json.object().put("title", "no body or category")), 400);
        ok(client.post("/threads/" + threadId + "/posts", Json.object()), 400);
        ok(client.post("/partners", Json.object().put("duns", "1")), 400);
        // 409 and 412
        ok(client.patch("/threads/" + threadId, Json.object().put("status", "CLOSED")), 409);
        ok(client.patch("/threads/" + threadId, Json.object().put("status", "IN_PROGRESS"), Map.of("If-Match", "\"41\"")), 412);
        ok(client.post("/partners", Json.object().put("companyName", "Dup").put("duns", "123123123")), 409);
        ObjectNode article = Json.object().put("title", "a").put("body", "b");
        article.putObject("externalReference").put("system", "servicenow").put("id", "KB1");
        ok(client.post("/communities/" + communityId + "/knowledge-articles", article), 201);
        ok(client.post("/communities/" + communityId + "/knowledge-articles", article), 409);
        String requestId = emulator.submitOnboardingRequest(communityId, Json.object().put("companyName", "X"), List.of()).path("id").asText();
        ok(client.patch("/onboarding-requests/" + requestId, Json.object().put("status", "ACTIVE")), 409);
        // 413 over the community's limit
        emulator.setAttachmentLimitBytes(1024);
        ok(client.upload(threadId, "big.csv", "text/csv", new byte[2048], null, null), 413);
        // 409 on a post to a CLOSED thread
        client.patch("/threads/" + threadId, Json.object().put("status", "IN_PROGRESS"));
        client.patch("/threads/" + threadId, Json.object().put("status", "RESOLVED"));
        client.patch("/threads/" + threadId, Json.object().put("status", "CLOSED"));
        ok(client.post("/threads/" + threadId + "/posts", Json.object().put("body", "too late")), 409);
        // 429 with Retry-After
        FaultPlan plan = new FaultPlan();
        plan.rateLimitCount = 1;
        plan.retryAfterSeconds = 7;
        emulator.faults().apply(plan);
        CommunityClient.Response limited = ok(client.get("/communities/" + communityId + "/threads"), 429);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        emulator.faults().apply(FaultPlan.none());

        assertThat(unmatched).isEmpty();
        assertThat(violations).as("contract violations").isEmpty();
    }

    @Test
    void should_serve_the_seeded_sandbox_within_the_contract() {
        SeedSummary seed = emulator.seedSandbox();
        for (String communityId : seed.communityIds()) {
            JsonNode threads = ok(client.get("/communities/" + communityId + "/threads?count=200"), 200).json();
            for (JsonNode thread : threads.path("_embedded").path("threads")) {
                String threadId = thread.path("id").asText();
                ok(client.get("/threads/" + threadId), 200);
                ok(client.get("/threads/" + threadId + "/posts?count=200"), 200);
                for (JsonNode attachment : thread.path("attachments")) {
                    ok(client.get("/attachments/" + attachment.path("id").asText()), 200);
                }
            }
            ok(client.get("/communities/" + communityId + "/onboarding-requests"), 200);
            ok(client.get("/communities/" + communityId + "/knowledge-articles"), 200);
        }
        for (String partnerId : seed.partnerIds()) {
            ok(client.get("/partners/" + partnerId), 200);
            ok(client.get("/partners/" + partnerId + "/compliance-documents"), 200);
        }
        ok(client.get("/partners?count=200"), 200);
        ok(client.get("/compliance-documents?expiresBefore=2100-01-01"), 200);

        assertThat(unmatched).isEmpty();
        assertThat(violations).as("contract violations").isEmpty();
    }

    private CommunityClient.Response unauthenticatedGet(String path) {
        try {
            HttpResponse<byte[]> r = client.http.send(HttpRequest.newBuilder(
                    URI.create(emulator.apiBaseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            CommunityClient.Response response = new CommunityClient.Response(r.statusCode(), r.headers(), r.body());
            // validate the answer only: the request deliberately breaks the security requirement
            report(path, validator.validateResponse(path, Request.Method.GET, toValidatorResponse(response)), "GET");
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- validation ------------------------------------------------------------------------------------------------

    private CommunityClient.Response ok(CommunityClient.Response response, int expectedStatus) {
        assertThat(response.status()).as(response.text()).isEqualTo(expectedStatus);
        return response;
    }

    private void validate(CommunityClient.Exchange e) {
        String operation = null;
        for (Map.Entry<String, Pattern> op : operations.entrySet()) {
            String method = op.getKey().substring(0, op.getKey().indexOf(' '));
            if (method.equals(e.method()) && op.getValue().matcher(e.apiPath()).matches()) {
                operation = op.getKey();
                break;
            }
        }
        if (operation == null) {
            unmatched.add(e.method() + " " + e.apiPath());
            return;
        }
        served.computeIfAbsent(operation, k -> new ArrayList<>()).add(e.response().status());

        SimpleRequest.Builder request = new SimpleRequest.Builder(e.method(), e.apiPath());
        e.requestHeaders().forEach(request::withHeader);
        e.query().forEach(request::withQueryParam);
        boolean multipart = String.valueOf(e.requestHeaders().get("Content-Type")).startsWith("multipart/");
        if (e.requestBody() != null && !multipart) {
            request.withBody(new String(e.requestBody(), StandardCharsets.UTF_8));
        }
        ValidationReport report;
        if (multipart || e.response().status() == 400) {
            // multipart bodies are not checked by the validator; a 400 answers a request that is invalid on purpose
            report = validator.validateResponse(e.apiPath(), Request.Method.valueOf(e.method()), toValidatorResponse(e.response()));
        } else {
            report = validator.validate(request.build(), toValidatorResponse(e.response()));
        }
        report(e.apiPath(), report, e.method());
    }

    private void report(String path, ValidationReport report, String method) {
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                violations.add(method + " " + path + ": " + m.getKey() + " " + m.getMessage()
                        + (m.getNestedMessages().isEmpty() ? "" : " " + m.getNestedMessages().stream()
                        .map(n -> n.getKey() + " " + n.getMessage()).collect(Collectors.toList())));
            }
        }
    }

    private static SimpleResponse toValidatorResponse(CommunityClient.Response r) {
        SimpleResponse.Builder b = SimpleResponse.Builder.status(r.status());
        r.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                b.withHeader(name, values);
            }
        });
        String contentType = r.header("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            b.withBody(r.text());
        } else if (r.body().length > 0) {
            b.withBody(r.body());
        }
        return b.build();
    }
}
