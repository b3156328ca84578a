package io.tradinggrid.bridge.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Form bodies of the OAuth token requests, built from configuration so that secrets never appear in a URI or a log. */
public class TokenRequests {

    private final Map<String, String> community;
    private final Map<String, String> serviceNow;
    private final Map<String, String> workflow;

    public TokenRequests(Map<String, String> community, Map<String, String> serviceNow, Map<String, String> workflow) {
        this.community = community;
        this.serviceNow = serviceNow;
        this.workflow = workflow;
    }

    public static Map<String, String> clientCredentials(String clientId, String clientSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        return form;
    }

    public static Map<String, String> password(String clientId, String clientSecret, String username, String password) {
        Map<String, String> form = clientCredentials(clientId, clientSecret);
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    public String community() {
        return encode(community);
    }

    public String serviceNow() {
        return encode(serviceNow);
    }

    public String workflow() {
        return encode(workflow);
    }

    /** The form of the system's token request (servicenow, workflow or community). */
    public String form(String system) {
        return switch (system) {
            case "community" -> community();
            case "servicenow" -> serviceNow();
            case "workflow" -> workflow();
            default -> throw new IllegalArgumentException("no such system: " + system);
        };
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return "TokenRequests[secrets hidden]";
    }
}
