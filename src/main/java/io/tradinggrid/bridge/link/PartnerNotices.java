package io.tradinggrid.bridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.text.PlainText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What the partner sees in the thread once the bridge has taken it in: an external reference to the record, a
 * one-line status note, and the thread moved from OPEN to IN_PROGRESS. Every write carries the bridge's origin
 * marker so that neither this bridge nor another integration takes it for partner activity.
 */
public class PartnerNotices {

    private final String originSystem;
    private final String recordOpenedTemplate;

    /** @param recordOpenedTemplate text with {reference} and {team}, e.g. "Received: {reference} opened with {team}." */
    public PartnerNotices(String originSystem, String recordOpenedTemplate) {
        this.originSystem = originSystem;
        this.recordOpenedTemplate = recordOpenedTemplate;
    }

    public Map<String, Object> recordOpened(Exchange exchange) {
        JsonNode thread = exchange.getProperty("thread", JsonNode.class);
        ThreadLink link = exchange.getProperty("link", ThreadLink.class);
        String team = exchange.getProperty("teamLabel", String.class);
        String note = PlainText.of(recordOpenedTemplate.replace("{reference}", describe(link)).replace("{team}", team == null ? "our team" : team), 2000);
        Map<String, Object> patch = new LinkedHashMap<>();
        if ("OPEN".equals(thread.path("status").asText())) {
            patch.put("status", "IN_PROGRESS");
        }
        patch.put("statusNote", note);
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("system", link.targetSystem());
        reference.put("id", link.recordNumber());
        reference.put("status", "Received");
        patch.put("externalReferences", List.of(reference));
        patch.put("origin", origin(link));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/threads/" + thread.path("id").asText());
        exchange.setProperty("statusNote", note);
        return patch;
    }

    public Map<String, Object> origin(ThreadLink link) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("system", originSystem);
        origin.put("ref", link.ref());
        return origin;
    }

    /** How a partner reads a record: "incident INC0010023", "case CS0001001", "request SCTASK0010001", "case WF-1A2B3C4D". */
    public static String describe(ThreadLink link) {
        return switch (link.targetType()) {
            case "incident" -> "incident " + link.recordNumber();
            case "sn_customerservice_case" -> "case " + link.recordNumber();
            case "sc_task" -> "request " + link.recordNumber();
            default -> "case " + link.recordNumber();
        };
    }
}
