package io.tradinggrid.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The running bridge's admin API, for the commands that would otherwise open the store: an H2 store belongs to the
 * process that opened it, so while the bridge runs, {@code dlq} and {@code rules revert} ask the bridge instead, and
 * the bridge does the work in its own process (a replay then passes the same in-flight keys as its own work).
 */
final class AdminClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final String operator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(String baseUrl, String token, String operator) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.operator = operator;
    }

    /** The admin API of the bridge that uses this configuration's store. */
    static AdminClient of(ConfigValues config, String operator) {
        String url = config.get("tgb.cli.admin-url", null);
        if (url == null) {
            url = "http://127.0.0.1:" + config.get("camel.management.port", "9876") + "/admin";
        }
        String token = config.get("tgb.admin.token", null);
        if (token == null) {
            throw new IllegalStateException("The store is in use by the running bridge, and without tgb.admin.token "
                    + "(TGB_ADMIN_TOKEN) this command cannot reach its admin API at " + url);
        }
        return new AdminClient(url, token, operator);
    }

    String url() {
        return baseUrl;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send(HttpRequest.newBuilder(uri(path, query)).GET(), path);
    }

    JsonNode post(String path, Map<String, String> query, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(path, query)).POST(publisher).header("Content-Type", "application/json"), path);
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return URI.create(baseUrl + path + q);
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        request.timeout(Duration.ofMinutes(30)).header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (operator != null && !operator.isBlank()) {
            request.header("X-Operator", operator);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("The store is in use, but no bridge answers at " + baseUrl
                    + " (set tgb.cli.admin-url, or stop the process that holds the store)", e);
        } catch (IOException e) {
            throw new IllegalStateException("The bridge's admin API at " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the bridge's admin API", e);
        }
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("The bridge's admin API answered " + response.statusCode() + " to " + path + " with no JSON");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("The bridge's admin API answered " + response.statusCode() + " to " + path + ": "
                    + body.path("message").asText(body.toString()));
        }
        return body;
    }
}
