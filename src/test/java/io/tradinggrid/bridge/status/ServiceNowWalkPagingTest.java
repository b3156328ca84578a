package io.tradinggrid.bridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.store.WatermarkStore;
import io.tradinggrid.bridge.testing.ForwardPathTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ServiceNow walks read every changed record although records change while they walk: a record changed between two
 * pages moves to the end of the (sys_updated_on, sys_id) order, which with offset paging would push an unread record
 * back onto the page already read.
 */
class ServiceNowWalkPagingTest extends ForwardPathTestSupport {

    private static final DateTimeFormatter SN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int RECORDS = 150;

    @AfterEach
    void noHook() {
        sandbox().serviceNow().beforeRequest(null);
    }

    @Test
    void should_handle_all_150_changed_records_when_one_already_read_changes_between_two_pages() throws Exception {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < RECORDS; i++) {
            created.add(clients.serviceNowInsert("incident", "{\"short_description\":\"Walk " + i
                    + "\",\"correlation_id\":\"activecommunity:WALK-" + i + "\"}").path("sys_id").asText());
        }
        JsonNode inWalkOrder = clients.serviceNowRecords("incident", "correlation_idSTARTSWITHactivecommunity:WALK-^ORDERBYsys_updated_on^ORDERBYsys_id");
        String firstRead = inWalkOrder.get(0).path("sys_id").asText();
        Instant newest = LocalDateTime.parse(inWalkOrder.get(RECORDS - 1).path("sys_updated_on").asText(), SN_TIME).toInstant(ZoneOffset.UTC);
        // a change from now on gets a later sys_updated_on than every record (one-second precision)
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(newest.plusSeconds(1)));

        AdviceWith.adviceWith(context, "servicenow-record-status", route -> route.weaveAddFirst().to("mock:walked"));
        MockEndpoint walked = getMockEndpoint("mock:walked");
        AtomicInteger pages = new AtomicInteger();
        sandbox().serviceNow().beforeRequest(request -> {
            if (request.method().equals("GET") && request.path().equals("/api/now/table/incident") && pages.incrementAndGet() == 2) {
                sandbox().serviceNow().update("incident", firstRead, Map.of("short_description", "changed while the walk is on"));
            }
        });

        template.sendBody("direct:servicenow-status-table", "incident");

        assertThat(pages.get()).as("pages read").isGreaterThanOrEqualTo(2);
        Set<String> handled = new HashSet<>();
        for (Exchange e : walked.getExchanges()) {
            handled.add(e.getMessage().getBody(JsonNode.class).path("sys_id").asText());
        }
        assertThat(handled).containsAll(created);
        JsonNode changed = clients.serviceNowRecords("incident", "sys_id=" + firstRead).get(0);
        WatermarkStore watermarks = context.getRegistry().lookupByNameAndType("watermarkStore", WatermarkStore.class);
        assertThat(watermarks.read("servicenow:incident:status")).as("moved to the last record read")
                .contains(changed.path("sys_updated_on").asText());
        assertThat(changed.path("short_description").asText()).isEqualTo("changed while the walk is on");
    }
}
