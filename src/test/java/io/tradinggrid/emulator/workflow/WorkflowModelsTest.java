package io.tradinggrid.emulator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import org.junit.jupiter.api.Test;

/** Deploying, listing, reading and deleting runtime models, and what the interpreter refuses. */
class WorkflowModelsTest extends WorkflowEmulatorTestSupport {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:workflow=\"http://workflow.opentext.com\" targetNamespace=\"http://example.com/test\">\n";

    private static String approvalModel(String taskName) {
        return HEADER
                + "<process id=\"quickApproval\" name=\"Quick approval\" isExecutable=\"true\">\n"
                + "  <startEvent id=\"start\"/>\n"
                + "  <sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"approve\"/>\n"
                + "  <userTask id=\"approve\" name=\"" + taskName + "\" workflow:assignee=\"${approver}\" workflow:candidateUsers=\"ann, bob\""
                + "   workflow:outcomeVariable=\"decision\" workflow:possibleOutcomes=\"Yes:yes,No:no\" workflow:dueDate=\"PT2H\"/>\n"
                + "  <sequenceFlow id=\"f2\" sourceRef=\"approve\" targetRef=\"gw\"/>\n"
                + "  <exclusiveGateway id=\"gw\"/>\n"
                + "  <sequenceFlow id=\"yes\" sourceRef=\"gw\" targetRef=\"done\">\n"
                + "    <conditionExpression xsi:type=\"tFormalExpression\"><![CDATA[${decision == \"yes\" && amount > 100 || force}]]></conditionExpression>\n"
                + "  </sequenceFlow>\n"
                + "  <sequenceFlow id=\"no\" sourceRef=\"gw\" targetRef=\"stopped\">\n"
                + "    <conditionExpression xsi:type=\"tFormalExpression\"><![CDATA[${decision != 'yes' || amount <= 100}]]></conditionExpression>\n"
                + "  </sequenceFlow>\n"
                + "  <endEvent id=\"done\"/>\n"
                + "  <endEvent id=\"stopped\"><terminateEventDefinition/></endEvent>\n"
                + "</process>\n</definitions>\n";
    }

    private Response deploy(String xml) throws Exception {
        return post("/runtime/models", Json.object().put("modelId", "quick-approval-model").put("modelType", "xml").put("modelContent", xml));
    }

    @Test
    void should_deploy_model_and_create_new_version_on_redeploy() throws Exception {
        Response v1 = deploy(approvalModel("Approve request"));
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        assertThat(v1.json().get("key").asText()).isEqualTo("quickApproval");
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);
        assertThat(v1.json().get("id").asText()).startsWith("quickApproval:1:");
        Response v2 = deploy(approvalModel("Approve request (v2)"));
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);

        Response all = get("/runtime/models?key=quickApproval");
        assertThat(all.json().path("_embedded").path("models")).extracting(m -> m.get("version").asInt()).containsExactly(1, 2);
        Response latest = get("/runtime/models?key=quickApproval&latestVersion=true");
        assertThat(latest.json().path("_embedded").path("models")).extracting(m -> m.get("version").asInt()).containsExactly(2);

        JsonNode started = start("quickApproval", "QA-1", "approver", "ann", "amount", 500);
        assertThat(started.get("processDefinitionId").asText()).isEqualTo(v2.json().get("id").asText());
        JsonNode task = singleTask(started.get("id").asText(), "approve");
        assertThat(task.get("name").asText()).isEqualTo("Approve request (v2)");
        assertThat(task.get("assignee").asText()).isEqualTo("ann");

        Response byV1 = post("/process-instances", Json.object().put("processDefinitionId", v1.json().get("id").asText()));
        assertThat(byV1.json().get("processDefinitionId").asText()).isEqualTo(v1.json().get("id").asText());
    }

    @Test
    void should_evaluate_and_or_conditions_and_terminate_end_event() throws Exception {
        deploy(approvalModel("Approve"));
        String big = start("quickApproval", "QA-BIG", "approver", "bob", "amount", 500).get("id").asText();
        complete(big, "approve", "yes");
        assertThat(historic(big).get("endActivityId").asText()).isEqualTo("done");

        String small = start("quickApproval", "QA-SMALL", "amount", 50).get("id").asText();
        assertThat(singleTask(small, "approve").get("assignments")).extracting(a -> a.path("user").asText()).containsExactly("ann", "bob");
        complete(small, "approve", "yes");
        JsonNode pi = historic(small);
        assertThat(pi.get("endActivityId").asText()).isEqualTo("stopped");
        assertThat(pi.get("completed").asBoolean()).isTrue();

        String forced = start("quickApproval", "QA-FORCE", "amount", 50, "force", true).get("id").asText();
        complete(forced, "approve", "yes");
        assertThat(historic(forced).get("endActivityId").asText()).isEqualTo("done");
    }

    @Test
    void should_get_model_with_content_and_delete_it() throws Exception {
        String id = deploy(approvalModel("Approve")).json().get("id").asText();
        Response one = get("/runtime/models/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("modelContent").asText()).contains("quickApproval");
        assertThat(one.json().get("modelId").asText()).isEqualTo("quick-approval-model");
        assertThat(one.json().get("userTasks").get(0).get("outcomeVariable").asText()).isEqualTo("decision");
        assertThat(delete("/runtime/models/" + id).status()).isEqualTo(204);
        assertThat(get("/runtime/models/" + id).status()).isEqualTo(404);
        assertThat(post("/process-instances", Json.object().put("processDefinitionKey", "quickApproval")).status()).isEqualTo(400);
    }

    @Test
    void should_refuse_to_delete_model_with_running_instances() throws Exception {
        String id = emulator.latestProcessDefinitionId("claim");
        start("claim", "CLAIM-KEEP");
        Response r = delete("/runtime/models/" + id);
        assertThat(r.status()).isEqualTo(409);
        assertThat(get("/runtime/models/" + id).status()).isEqualTo(200);
    }

    @Test
    void should_answer_400_for_unsupported_bpmn_elements() throws Exception {
        String xml = HEADER + "<process id=\"withService\" isExecutable=\"true\">\n"
                + "<startEvent id=\"s\"/><sequenceFlow id=\"a\" sourceRef=\"s\" targetRef=\"call\"/>\n"
                + "<serviceTask id=\"call\" workflow:type=\"http\"/><sequenceFlow id=\"b\" sourceRef=\"call\" targetRef=\"e\"/><endEvent id=\"e\"/>\n"
                + "</process></definitions>";
        Response r = deploy(xml);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("exception").asText()).contains("Unsupported BPMN element 'serviceTask'").contains("call");

        String timer = HEADER + "<process id=\"withTimer\" isExecutable=\"true\"><startEvent id=\"s\"><timerEventDefinition>"
                + "<timeDuration>PT2M</timeDuration></timerEventDefinition></startEvent><sequenceFlow id=\"a\" sourceRef=\"s\" targetRef=\"e\"/>"
                + "<endEvent id=\"e\"/></process></definitions>";
        assertThat(deploy(timer).json().get("exception").asText()).contains("timerEventDefinition");
        assertThat(get("/runtime/models?key=withService").json().path("page").path("totalElements").asInt()).isZero();
    }

    @Test
    void should_answer_400_for_malformed_or_incomplete_models() throws Exception {
        assertThat(deploy("<definitions").json().get("exception").asText()).contains("not well-formed");
        String dangling = HEADER + "<process id=\"p\" isExecutable=\"true\"><startEvent id=\"s\"/>"
                + "<sequenceFlow id=\"a\" sourceRef=\"s\" targetRef=\"missing\"/></process></definitions>";
        assertThat(deploy(dangling).json().get("exception").asText()).contains("unknown element");
        String badExpression = HEADER + "<process id=\"p\" isExecutable=\"true\"><startEvent id=\"s\"/>"
                + "<sequenceFlow id=\"a\" sourceRef=\"s\" targetRef=\"e\"><conditionExpression>${a == }</conditionExpression></sequenceFlow>"
                + "<endEvent id=\"e\"/></process></definitions>";
        assertThat(deploy(badExpression).json().get("exception").asText()).contains("Invalid expression");
        ObjectNode json = Json.object().put("modelType", "json").put("modelContent", "{}");
        assertThat(post("/runtime/models", json).status()).isEqualTo(400);
    }

    @Test
    void should_reject_start_when_no_gateway_flow_can_be_taken_and_keep_nothing() throws Exception {
        String xml = HEADER + "<process id=\"strict\" isExecutable=\"true\"><startEvent id=\"s\"/>"
                + "<sequenceFlow id=\"a\" sourceRef=\"s\" targetRef=\"gw\"/><exclusiveGateway id=\"gw\"/>"
                + "<sequenceFlow id=\"b\" sourceRef=\"gw\" targetRef=\"e\"><conditionExpression>${go == true}</conditionExpression></sequenceFlow>"
                + "<endEvent id=\"e\"/></process></definitions>";
        assertThat(deploy(xml).status()).isEqualTo(201);
        Response r = post("/process-instances", Json.object().put("processDefinitionKey", "strict").put("businessKey", "STRICT-1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("exception").asText()).contains("No outgoing sequence flow").contains("gw");
        assertThat(get("/process-instances?businessKey=STRICT-1").json().path("page").path("totalElements").asInt()).isZero();
        JsonNode ended = start("strict", "STRICT-2", "go", true);
        assertThat(ended.get("ended").asBoolean()).isTrue();
        assertThat(ended.get("activityId").asText()).isEqualTo("e");
    }
}
