package io.tradinggrid.bridge.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.text.PlainText;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.routing.Decision;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * What the partner sees in the thread once the bridge has taken it in: an external reference to the record, a
 * one-line status note, and the thread moved from OPEN to IN_PROGRESS. Every write carries the bridge's origin
 * marker so that neither this bridge nor another integration takes it for partner activity.
 */
public class PartnerNotices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String originSystem;
    private final String recordOpenedTemplate;

    /** @param recordOpenedTemplate text with {reference} and {team}, e.g. "Received: {reference} opened with {team}." */
    public PartnerNotices(String originSystem, String recordOpenedTemplate) {
        this.originSystem = originSystem;
        this.recordOpenedTemplate = recordOpenedTemplate;
    }

    /** The text of the status note that tells the partner a record was opened. */
    public String recordOpenedNote(@ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.DECISION) Decision decision) {
        String team = decision == null ? null : decision.target().teamLabel();
        return PlainText.of(recordOpenedTemplate.replace("{reference}", describe(link)).replace("{team}", team == null ? "our team" : team), 2000);
    }

    /** The PATCH of the thread that shows the partner its new record: reference, status note, IN_PROGRESS. */
    public Map<String, Object> recordOpened(@ExchangeProperty(ExchangeKeys.THREAD) JsonNode thread,
            @ExchangeProperty(ExchangeKeys.LINK) ThreadLink link, @ExchangeProperty(ExchangeKeys.STATUS_NOTE) String note) {
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
        return patch;
    }

    /**
     * The bridge's PATCH of a thread (exchange property threadPatch) as it is to be sent to the thread as it is now
     * (the body): the community replaces the thread's external references with the list a PATCH carries, so the list
     * sent is the thread's own with the bridge's entries put in place (same system and id) or added. Other systems'
     * references stay; the If-Match of the write makes a change in between fail with 412 and be merged again.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> mergedPatch(@Body JsonNode thread, @ExchangeProperty(ExchangeKeys.THREAD_PATCH) Map<String, Object> patch) {
        Object ours = patch.get("externalReferences");
        if (!(ours instanceof List<?> own)) {
            return patch;
        }
        List<Map<String, Object>> merged = new ArrayList<>();
        thread.path("externalReferences").forEach(ref -> merged.add(JSON.convertValue(ref, Map.class)));
        for (Object entry : own) {
            Map<String, Object> reference = (Map<String, Object>) entry;
            int at = indexOf(merged, reference);
            if (at < 0) {
                merged.add(reference);
            } else {
                Map<String, Object> kept = new LinkedHashMap<>(merged.get(at));
                kept.putAll(reference);
                merged.set(at, kept);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>(patch);
        result.put("externalReferences", merged);
        return result;
    }

    /** The If-Match of a write to the thread read (the body): its version, which the contract makes its ETag. */
    public String ifMatch(@Body JsonNode thread) {
        return "\"" + thread.path("version").asLong() + "\"";
    }

    private static int indexOf(List<Map<String, Object>> references, Map<String, Object> reference) {
        for (int i = 0; i < references.size(); i++) {
            Map<String, Object> known = references.get(i);
            if (Objects.equals(String.valueOf(known.get("system")), String.valueOf(reference.get("system")))
                    && Objects.equals(String.valueOf(known.get("id")), String.valueOf(reference.get("id")))) {
                return i;
            }
        }
        return -1;
    }

    public Map<String, Object> origin(ThreadLink link) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("system", originSystem);
        origin.put("ref", link.originRef());
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
