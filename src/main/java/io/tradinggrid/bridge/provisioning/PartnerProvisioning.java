package io.tradinggrid.bridge.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.flow.ExchangeKeys;
import io.tradinggrid.bridge.link.Origin;
import io.tradinggrid.bridge.servicenow.ServiceNowChanges;
import io.tradinggrid.bridge.store.AuditTrail;
import io.tradinggrid.bridge.store.WatermarkStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Approved onboarding, community access and role change requests in ServiceNow -> partner profile and access in the
 * community (S6). The profile is found before it is created (by DUNS, else by the request's number as external
 * reference), access is set (PUT replaces the role set, so a retry changes nothing), and the outcome is reported on
 * the ServiceNow record, which closes it. The calls are in routes/partner-provisioning.camel.yaml.
 */
public class PartnerProvisioning {

    public static final String TABLE = "u_partner_access_request";
    /** The walk's watermark, under the id the status sync gave it, so watermarks stored before stay valid. */
    public static final String POLLER_ID = "servicenow:" + TABLE + ":status";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FIELDS = "sys_id,number,u_company_name,u_duns,u_request_type,u_community_id,u_roles,u_partner_id,"
            + "u_contact_name,u_contact_email,state,approval,sys_updated_on";
    private static final int PAGE_SIZE = 100;

    /**
     * An approved access request: its record, the partner it names (null when the community has to be asked) and the
     * roles it grants.
     */
    public record AccessRequest(JsonNode json, String recordId, String knownPartnerId, String communityId, List<String> roles) {

        /** The roles as the work note and the log show them. */
        public String grantedRoles() {
            return String.join(", ", roles);
        }
    }

    private final WatermarkStore watermarks;
    private final AuditTrail audit;

    public PartnerProvisioning(WatermarkStore watermarks, AuditTrail audit) {
        this.watermarks = watermarks;
        this.audit = audit;
    }

    /** The walk over approved, still open requests changed since the stored watermark. */
    public ServiceNowChanges startWalk() {
        return changesSince(watermarks.read(POLLER_ID).orElse(null));
    }

    ServiceNowChanges changesSince(String watermark) {
        return new ServiceNowChanges(TABLE, "approval=approved^stateIN1,2,-5", FIELDS, watermark, PAGE_SIZE);
    }

    /** Moves the watermark once every request of the walk is provisioned or in the dead-letter store. */
    public void walked(@ExchangeProperty(ExchangeKeys.CURSOR) ServiceNowChanges walk) {
        watermarks.advance(POLLER_ID, walk.watermark(), walk.lastId());
    }

    /** Reads a request of the walk. Without roles it grants CONTRIBUTOR. */
    public AccessRequest describe(@Body JsonNode request) {
        String known = request.path("u_partner_id").asText("");
        List<String> roles = Arrays.stream(request.path("u_roles").asText("CONTRIBUTOR").split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).toList();
        return new AccessRequest(request, request.path("sys_id").asText(), known.isBlank() ? null : known,
                request.path("u_community_id").asText(), roles);
    }

    /** The query of: GET the partners the community may already have for the request (by DUNS, else by reference). */
    public String lookupQuery(@ExchangeProperty(ExchangeKeys.ACCESS_REQUEST) AccessRequest request) {
        String duns = request.json().path("u_duns").asText("");
        return duns.isBlank()
                ? "externalReference=" + URLEncoder.encode("servicenow:" + request.json().path("number").asText(), StandardCharsets.UTF_8)
                : "duns=" + URLEncoder.encode(duns, StandardCharsets.UTF_8);
    }

    /** The partner the request names, else the one the look-up found, else null (the partner is to be created). */
    public String found(@Body JsonNode answer, @ExchangeProperty(ExchangeKeys.ACCESS_REQUEST) AccessRequest request) {
        if (request.knownPartnerId() != null) {
            return request.knownPartnerId();
        }
        JsonNode partners = answer == null ? null : answer.path("_embedded").path("partners");
        return partners != null && partners.isArray() && !partners.isEmpty() ? partners.get(0).path("id").asText() : null;
    }

    /** Body of POST /partners. */
    public Map<String, Object> createPartner(@ExchangeProperty(ExchangeKeys.ACCESS_REQUEST) AccessRequest access) {
        JsonNode request = access.json();
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
        partner.put("origin", origin(access));
        return partner;
    }

    /** The id of the partner just created. */
    public String created(@Body JsonNode answer) {
        return answer.path("id").asText();
    }

    /** The id of the partner the community already has, as its 409 answer names it. */
    public String conflicting(Exception failure) {
        String answer = failure instanceof HttpOperationFailedException http ? http.getResponseBody() : null;
        try {
            return MAPPER.readTree(answer == null ? "{}" : answer).path("exception").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** Body of PUT /partners/{id}/access: the request's community and roles. */
    public Map<String, Object> access(@ExchangeProperty(ExchangeKeys.ACCESS_REQUEST) AccessRequest request) {
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("communityId", request.communityId());
        access.put("roles", request.roles());
        access.put("origin", origin(request));
        return access;
    }

    /** Body of the PATCH that closes the ServiceNow request with what was provisioned (a work note for the approvers). */
    public Map<String, Object> report(@ExchangeProperty(ExchangeKeys.ACCESS_REQUEST) AccessRequest request,
            @ExchangeProperty(ExchangeKeys.PARTNER_ID) String partnerId) {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("u_partner_id", partnerId);
        patch.put("state", "3");
        patch.put("work_notes", "Provisioned by Trading Grid Bridge: partner " + partnerId + " ("
                + request.json().path("u_company_name").asText() + ") has roles " + request.grantedRoles()
                + " in community " + request.communityId() + ".");
        return patch;
    }

    /** Audits a request provisioned and closed. */
    public void provisioned(@ExchangeProperty(ExchangeKeys.ACCESS_REQUEST) AccessRequest request,
            @ExchangeProperty(ExchangeKeys.PARTNER_ID) String partnerId) {
        audit.record("bridge", "partner.provisioned", null, "servicenow:" + TABLE + ":" + request.recordId(),
                partnerId + " " + request.communityId() + " " + request.grantedRoles());
    }

    private static Map<String, Object> origin(AccessRequest request) {
        return Origin.of(Origin.ref("servicenow", TABLE, request.json().path("number").asText()));
    }
}
