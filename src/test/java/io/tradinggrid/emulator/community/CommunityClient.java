package io.tradinggrid.emulator.community;

import java.io.UncheckedIOException;
import java.net.URLDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradinggrid.emulator.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** A small HTTP client for the emulator's API and admin endpoints, as the bridge would talk to it. */
final class CommunityClient {

    /** One request and its answer, for the contract test's validator. */
    record Exchange(String method, String apiPath, Map<String, String> query, Map<String, String> requestHeaders,
                    byte[] requestBody, Response response) {
    }

    record Response(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            return Json.parse(text());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    final CommunityEmulator emulator;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private String token;
    Consumer<Exchange> listener = e -> { };

    CommunityClient(CommunityEmulator emulator) {
        this.emulator = emulator;
    }

    /** A client_credentials token for the integration (JSON body). */
    String token() {
        if (token == null) {
            ObjectNode body = Json.object()
                    .put("grant_type", "client_credentials")
                    .put("client_id", emulator.credentials().clientId())
                    .put("client_secret", emulator.credentials().clientSecret());
            Response r = tokenRequest("application/json", Json.write(body));
            if (r.status() != 200) {
                throw new IllegalStateException("token request failed: " + r.status() + " " + r.text());
            }
            token = r.json().path("access_token").asText();
        }
        return token;
    }

    Response tokenRequest(String contentType, String body) {
        String path = "/tenants/" + emulator.credentials().tenantId() + "/oauth2/token";
        return exchange("POST", emulator.baseUrl() + path, path, Map.of(), Map.of("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    // ---- API ------------------------------------------------------------------------------------------------------

    Response get(String path) {
        return api("GET", path, null, Map.of());
    }

    Response post(String path, Object json) {
        return api("POST", path, json, Map.of());
    }

    Response patch(String path, Object json) {
        return api("PATCH", path, json, Map.of());
    }

    Response patch(String path, Object json, Map<String, String> headers) {
        return api("PATCH", path, json, headers);
    }

    Response put(String path, Object json) {
        return api("PUT", path, json, Map.of());
    }

    Response delete(String path) {
        return api("DELETE", path, null, Map.of());
    }

    Response api(String method, String path, Object json, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token());
        headers.put("Accept", "application/json");
        byte[] body = null;
        if (json != null) {
            headers.put("Content-Type", "application/json");
            body = (json instanceof String ? (String) json : Json.write(json)).getBytes(StandardCharsets.UTF_8);
        }
        headers.putAll(extraHeaders);
        return exchange(method, emulator.apiBaseUrl() + path, path, queryOf(path), headers, body);
    }

    /** multipart/form-data upload to /threads/{id}/attachments. */
    Response upload(String threadId, String fileName, String mimeType, byte[] content, String documentCategory, String originJson) {
        String boundary = "----tgb" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + mimeType + "\r\n\r\n");
        out.writeBytes(content);
        write(out, "\r\n");
        if (documentCategory != null) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"documentCategory\"\r\n\r\n" + documentCategory + "\r\n");
        }
        if (originJson != null) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"origin\"\r\n\r\n" + originJson + "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        String path = "/threads/" + threadId + "/attachments";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token());
        headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        return exchange("POST", emulator.apiBaseUrl() + path, path, Map.of(), headers, out.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- admin ----------------------------------------------------------------------------------------------------

    Response admin(String method, String path, Object json) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (json != null) {
            headers.put("Content-Type", "application/json");
            body = (json instanceof String ? (String) json : Json.write(json)).getBytes(StandardCharsets.UTF_8);
        }
        return exchange(method, emulator.adminUrl() + path, null, Map.of(), headers, body);
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private Response exchange(String method, String url, String apiPath, Map<String, String> query, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response response = new Response(r.statusCode(), r.headers(), r.body());
            if (apiPath != null) {
                String bare = apiPath.contains("?") ? apiPath.substring(0, apiPath.indexOf('?')) : apiPath;
                listener.accept(new Exchange(method, bare, query, headers, body, response));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> queryOf(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    /** A community with one active partner who has access to it; returns {communityId, partnerId}. */
    static List<String> community(CommunityEmulator emulator, String communityId) {
        emulator.createCommunity(communityId, "Test community " + communityId, null);
        String partnerId = "PTR-" + communityId;
        ObjectNode spec = Json.object().put("id", partnerId).put("companyName", "Acme Supply " + communityId)
                .put("duns", String.valueOf(100000000 + Math.abs(communityId.hashCode() % 899999999)));
        spec.putArray("access").addObject().put("communityId", communityId).putArray("roles").add("CONTRIBUTOR");
        spec.putArray("users").addObject().put("userId", "acme.jdoe").put("displayName", "Jane Doe (Acme)").put("email", "jdoe@acme.example");
        emulator.definePartner(spec);
        List<String> out = new ArrayList<>();
        out.add(communityId);
        out.add(partnerId);
        return out;
    }

    static ObjectNode threadCreate(String title, String category) {
        return Json.object().put("title", title).put("body", "Body of " + title).put("category", category);
    }
}
