package io.tradinggrid.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.util.CaseInsensitiveMap;
import org.junit.jupiter.api.Test;

class SystemRequestTest {

    private static Map<String, Object> headers(Object... pairs) {
        Map<String, Object> headers = new CaseInsensitiveMap();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put((String) pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void should_keep_only_what_the_call_site_set_for_its_call() {
        Map<String, Object> headers = headers("CamelHttpMethod", "patch", "CamelHttpPath", "/threads/THR-1",
                "accept", "*/*", "If-Match", "\"3\"", "CamelHttpQuery", "limit=5",
                "CamelHttpResponseCode", 200, "CamelHttpUri", "http://old", "Authorization", "Bearer old",
                "X-Partner-Header", "injected", "breadcrumbId", "b-1");

        assertThat(SystemRequest.prepare(headers)).isEqualTo(HttpMethods.PATCH);

        assertThat(headers).containsOnlyKeys("CamelHttpMethod", "CamelHttpPath", "Accept", "If-Match", "CamelHttpQuery");
        assertThat(headers.get("CamelHttpMethod")).as("the enum camel-http reads, not a name it converts each call")
                .isEqualTo(HttpMethods.PATCH);
    }

    @Test
    void should_send_no_body_on_a_read() {
        assertThat(SystemRequest.sendsBody(HttpMethods.GET)).isFalse();
        assertThat(SystemRequest.sendsBody(HttpMethods.DELETE)).isFalse();
        assertThat(SystemRequest.sendsBody(HttpMethods.HEAD)).isFalse();
        assertThat(SystemRequest.sendsBody(HttpMethods.POST)).isTrue();
        assertThat(SystemRequest.sendsBody(HttpMethods.PATCH)).isTrue();
        assertThat(SystemRequest.sendsBody(null)).as("no method named: camel-http picks it by the body").isTrue();
    }

    @Test
    void should_refuse_a_method_that_http_does_not_have() {
        assertThatThrownBy(() -> SystemRequest.prepare(headers("CamelHttpMethod", "FETCH")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'FETCH'");
    }

    @Test
    void should_leave_no_header_of_a_call_for_the_next_one_but_keep_its_answer_code() {
        Map<String, Object> headers = headers("CamelHttpMethod", HttpMethods.POST, "CamelHttpPath", "/api/now/table/incident",
                "CamelHttpQuery", "sysparm_limit=1", "CamelHttpUri", "http://x", "Authorization", "Bearer t",
                "Accept", "application/json", "If-Match", "*", "Content-Type", "application/json",
                "CamelHttpResponseCode", 201, "Location", "/api/now/table/incident/abc");

        SystemRequest.clear(headers);

        assertThat(headers).containsOnlyKeys("CamelHttpResponseCode", "Location");
    }
}
