package io.tradinggrid.bridge.provisioning;

import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.status.ServiceNowStatusSync;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.bridge.deadletter.DeadLetterStore;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Approved onboarding, community access and role change requests in ServiceNow -> partner profile and access in the
 * community (S6). The profile is found before it is created (by DUNS, else by the request's number as external
 * reference), access is set (PUT replaces the role set, so a retry changes nothing), and the outcome is reported on
 * the ServiceNow record, which closes it.
 */
public class PartnerProvisioning {

    public static final String TABLE = "u_partner_access_request";
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String FIELDS = "sys_id,number,u_company_name,u_duns,u_request_type,u_community_id,u_roles,u_partner_id,"
            + "u_contact_name,u_contact_email,state,approval,sys_updated_on";

    private final WatermarkStore watermarks;
    private final AuditTrail audit;

    public PartnerProvisioning(WatermarkStore watermarks, AuditTrail audit) {
        this.watermarks = watermarks;
        this.audit = audit;
    }

    /** Starts the walk over approved, still open requests (paging as ServiceNowStatusSync's). */
    public void start(Exchange exchange) {
        ServiceNowStatusSync.begin(exchange, watermarks, TABLE, "approval=approved^stateIN1,2,-5", FIELDS);
    }

    /** Names the request and asks the community for a partner it may already have. */
    public void describe(Exchange exchange) {
        JsonNode request = exchange.getMessage().getBody(JsonNode.class);
        exchange.setProperty(ExchangeKeys.ORIGINAL, request.toString());
        exchange.setProperty("accessRequest", request);
        exchange.setProperty("recordId", request.path("sys_id").asText());
        String known = request.path("u_partner_id").asText("");
        exchange.setProperty("partnerId", known.isBlank() ? null : known);
        String duns = request.path("u_duns").asText("");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/partners");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, duns.isBlank()
                ? "externalReference=" + URLEncoder.encode("servicenow:" + request.path("number").asText(), StandardCharsets.UTF_8)
                : "duns=" + URLEncoder.encode(duns, StandardCharsets.UTF_8));
    }

    /** True, with partnerId set, when the community already has the partner. */
    public boolean found(Exchange exchange) {
        if (exchange.getProperty("partnerId") != null) {
            return true;
        }
        JsonNode partners = exchange.getMessage().getBody(JsonNode.class).path("_embedded").path("partners");
        if (partners.isArray() && !partners.isEmpty()) {
            exchange.setProperty("partnerId", partners.get(0).path("id").asText());
            return true;
        }
        return false;
    }

    public Map<String, Object> createPartner(Exchange exchange) {
        JsonNode request = exchange.getProperty("accessRequest", JsonNode.class);
        Map<String, Object> partner = new LinkedHashMap<>();
        partner.put("companyName", request.path("u_company_name").asText());
        if (!request.path("u_duns").asText("").isBlank()) {
            partner.put("duns", request.path("u_duns").asText());
        }
        if (!request.path("u_contact_name").asText("").isBlank()) {
            partner.put("contacts", List.of(Map.of("name", request.path("u_contact_name").asText(),
                    "email", request.path("u_contact_email").asText(""), "role", "primary contact")));
        }
        partner.put("externalReferences", List.of(Map.of("system", "servicenow", "id", request.path("number").asText())));
        partner.put("origin", origin(request));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/partners");
        return partner;
    }

    /** Reads the id of the partner just created, or of the one the community says exists already (409). */
    public void created(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        if (failure instanceof HttpOperationFailedException http && http.getStatusCode() == 409) {
            JsonNode error = parse(http.getResponseBody());
            exchange.setProperty("partnerId", error.path("exception").asText());
            return;
        }
        exchange.setProperty("partnerId", exchange.getMessage().getBody(JsonNode.class).path("id").asText());
    }

    public Map<String, Object> access(Exchange exchange) {
        JsonNode request = exchange.getProperty("accessRequest", JsonNode.class);
        List<String> roles = new ArrayList<>();
        Arrays.stream(request.path("u_roles").asText("CONTRIBUTOR").split(",")).map(String::trim).filter(r -> !r.isEmpty()).forEach(roles::add);
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("communityId", request.path("u_community_id").asText());
        access.put("roles", roles);
        access.put("origin", origin(request));
        exchange.setProperty("grantedRoles", String.join(", ", roles));
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/partners/" + exchange.getProperty("partnerId") + "/access");
        return access;
    }

    /** Closes the ServiceNow request with what was provisioned (a work note for the team that approved it). */
    public Map<String, Object> report(Exchange exchange) {
        JsonNode request = exchange.getProperty("accessRequest", JsonNode.class);
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("u_partner_id", exchange.getProperty("partnerId"));
        patch.put("state", "3");
        patch.put("work_notes", "Provisioned by Trading Grid Bridge: partner " + exchange.getProperty("partnerId") + " ("
                + request.path("u_company_name").asText() + ") has roles " + exchange.getProperty("grantedRoles")
                + " in community " + request.path("u_community_id").asText() + ".");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, "/api/now/table/" + TABLE + "/" + request.path("sys_id").asText());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "sysparm_fields=sys_id,state");
        audit.record("bridge", "partner.provisioned", null, "servicenow:" + TABLE + ":" + request.path("sys_id").asText(),
                exchange.getProperty("partnerId") + " " + request.path("u_community_id").asText() + " " + exchange.getProperty("grantedRoles"));
        return patch;
    }

    private static Map<String, Object> origin(JsonNode request) {
        return Origin.of("servicenow:" + TABLE + ":" + request.path("sys_id").asText());
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text == null ? "{}" : text);
        } catch (Exception e) {
            return MAPPER.createObjectNode();
        }
    }
}
