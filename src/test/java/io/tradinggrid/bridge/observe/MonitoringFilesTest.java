package io.tradinggrid.bridge.observe;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files shipped in monitoring/ against the metrics the bridge exposes at /observe/metrics: the alert
 * rules and the Grafana dashboard have the structure Prometheus and Grafana need, query only the documented metrics
 * and labels (a renamed metric breaks the build here, not on the operators' screens), and, where promtool is on the
 * PATH, the rules pass {@code promtool check rules} and their unit tests pass {@code promtool test rules}.
 */
class MonitoringFilesTest {

    private static final Path MONITORING = Path.of("monitoring");
    private static final Path ALERTS = MONITORING.resolve("prometheus-alerts.yml");
    private static final Path ALERT_TESTS = MONITORING.resolve("prometheus-alerts.test.yml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana-dashboard.json");

    /**
     * The metrics the bridge exposes at /observe/metrics, each with its documented labels (besides {@code bridge}, which
     * the bridge's own series carry, and what Prometheus adds to every series). The monitoring files may use these and no others; a check against a live scrape keeps
     * this list true to the bridge.
     */
    static final Map<String, Set<String>> DOCUMENTED_METRICS = Map.ofEntries(
            entry("tgb_threads_taken_in_total", Set.of("community")),
            entry("tgb_records_opened_total", Set.of("system", "target", "exception_type")),
            entry("tgb_partner_publishes_total", Set.of("kind", "system")),
            entry("tgb_dead_letters_stored_total", Set.of("system")),
            entry("tgb_dead_letters", Set.of("state")),
            entry("tgb_waiting_work", Set.of("system")),
            entry("tgb_waiting_oldest_age_seconds", Set.of("system")),
            entry("tgb_status_to_partner_seconds_bucket", Set.of("le", "system")),
            entry("tgb_status_to_partner_seconds_sum", Set.of("system")),
            entry("tgb_status_to_partner_seconds_count", Set.of("system")),
            entry("tgb_circuit_state", Set.of("system")),
            entry("tgb_retry_budget_remaining", Set.of("budget")),
            entry("tgb_poll_last_success_timestamp_seconds", Set.of("community")),
            entry("tgb_poll_interval_seconds", Set.of("community")),
            entry("tgb_webhook_unauthorized_total", Set.of()),
            entry("jvm_memory_used_bytes", Set.of("area", "id")),
            entry("jvm_memory_max_bytes", Set.of("area", "id")),
            entry("jvm_gc_pause_seconds_count", Set.of("action", "cause")),
            entry("jvm_gc_pause_seconds_sum", Set.of("action", "cause")),
            entry("jvm_threads_live_threads", Set.of()),
            entry("camel_exchanges_failed_total", Set.of("routeId", "camelContext")),
            entry("camel_exchanges_total", Set.of("routeId", "camelContext")));

    /** Labels on every series: the bridge's own, and the ones Prometheus adds to every scraped series. */
    private static final Set<String> COMMON_LABELS = Set.of("bridge", "instance", "job");

    /**
     * PromQL functions, aggregation operators and keywords, and Grafana's variable-query functions: identifiers in a
     * query that are not metric names.
     */
    static final Set<String> PROMQL_WORDS = Set.of(
            // aggregation operators
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            // keywords and binary operators written as words
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
            "atan2", "inf", "nan", "start", "end",
            // functions
            "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_avg",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "holt_winters", "double_exponential_smoothing", "hour", "idelta", "increase", "irate",
            "label_join", "label_replace", "ln", "log2", "log10", "minute", "month", "predict_linear", "rate", "resets",
            "round", "scalar", "sgn", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "sqrt", "time",
            "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
            "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time",
            "present_over_time", "mad_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh",
            "sin", "sinh", "tan", "tanh", "deg", "rad", "pi",
            // Grafana variable queries
            "label_values", "label_names", "metrics", "query_result");

    /** The alerts and how long each condition must hold before it fires (empty: at once, the window debounces). */
    private static final Map<String, String> ALERTS_AND_THEIR_FOR = Map.of(
            "TgbWaitingWorkTooOld", "1m",
            "TgbDeadLettersGrowing", "",
            "TgbCircuitOpen", "5m",
            "TgbCommunityPollStale", "",
            "TgbWebhookUnauthorized", "");

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final String DATASOURCE_UID = "${DS_PROMETHEUS}";
    private static final int GRID_WIDTH = 24;

    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][\\w:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_]\\w*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([A-Za-z_:][\\w:]*+)(?!\\s*\\()");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_]\\w*)(?::\\w+)?}|([A-Za-z_]\\w*))");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.(\\w+)");

    private final JsonNode alerts = read(new YAMLMapper(), ALERTS);
    private final JsonNode alertTests = read(new YAMLMapper(), ALERT_TESTS);
    private final JsonNode dashboard = read(new ObjectMapper(), DASHBOARD);

    // ---- alert rules -------------------------------------------------------------------------------------------

    @Test
    void should_define_the_documented_alerts_in_one_trading_grid_bridge_group() {
        assertThat(alerts.path("groups")).hasSize(1);
        assertThat(alerts.path("groups").get(0).path("name").asText()).isEqualTo("trading-grid-bridge");
        assertThat(rules()).extracting(r -> r.path("alert").asText())
                .containsExactlyInAnyOrderElementsOf(ALERTS_AND_THEIR_FOR.keySet());
    }

    @Test
    void should_give_every_alert_an_expression_a_severity_a_summary_a_description_and_a_runbook_hint() {
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            assertThat(rule.path("expr").asText()).as("expr of %s", name).isNotBlank();
            assertThat(rule.path("labels").path("severity").asText()).as("labels.severity of %s", name).isIn(SEVERITIES);
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat(rule.path("annotations").path(annotation).asText()).as("annotations.%s of %s", annotation, name).isNotBlank();
            }
            // the hint names where the operator acts: a console page, a dlq command, an admin or observe endpoint
            assertThat(rule.path("annotations").path("runbook").asText()).as("runbook of %s", name)
                    .containsPattern("/console/#/\\S+|dlq (list|show|replay|discard)|/admin/\\w+|/observe/\\w+");
        }
    }

    @Test
    void should_wait_before_firing_only_where_a_short_blip_is_no_incident() {
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            String expected = ALERTS_AND_THEIR_FOR.get(name);
            if (expected.isEmpty()) {
                assertThat(rule.has("for")).as("%s fires at once (its range already spans the incident)", name).isFalse();
            } else {
                assertThat(rule.path("for").asText()).as("for of %s", name).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_query_only_documented_metrics_in_the_alert_rules() {
        Map<String, String> queries = new LinkedHashMap<>();
        rules().forEach(rule -> queries.put("alert " + rule.path("alert").asText(), rule.path("expr").asText()));
        assertOnlyDocumentedMetrics(queries);
    }

    @Test
    void should_match_group_and_template_only_on_labels_the_alert_expressions_have() {
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            String expr = rule.path("expr").asText();
            assertLabelsDocumented(expr, name);
            Set<String> available = labelsOfResult(expr);
            List<String> templated = new ArrayList<>();
            rule.path("annotations").forEach(a -> templated.addAll(matches(TEMPLATE_LABEL, a.asText())));
            assertThat(templated).as("labels the annotations of %s name; its result has %s", name, available).isSubsetOf(available);
        }
    }

    @Test
    void should_unit_test_every_alert_both_firing_and_not_firing() {
        assertThat(alertTests.path("rule_files")).extracting(JsonNode::asText).containsExactly(ALERTS.getFileName().toString());
        Map<String, Boolean> fires = new LinkedHashMap<>();
        Map<String, Boolean> staysQuiet = new LinkedHashMap<>();
        for (JsonNode test : alertTests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.path("alertname").asText();
                if (check.path("exp_alerts").isEmpty()) {
                    staysQuiet.put(alert, true);
                } else {
                    fires.put(alert, true);
                }
            }
        }
        assertThat(fires.keySet()).as("alerts with a test where they fire").containsAll(ALERTS_AND_THEIR_FOR.keySet());
        assertThat(staysQuiet.keySet()).as("alerts with a test where they must not fire").containsAll(ALERTS_AND_THEIR_FOR.keySet());
    }

    @Test
    void should_pass_promtool_check_rules() throws Exception {
        assertPromtool("check", "rules", ALERTS.toString());
    }

    /**
     * The rules' unit tests: each alert fires on the series meant to fire it and not on the others, e.g. a circuit
     * open for 4 minutes does not fire and one open for 6 minutes (half-open probes included) does.
     */
    @Test
    void should_fire_each_alert_exactly_when_its_promtool_unit_tests_expect() throws Exception {
        assertPromtool("test", "rules", ALERT_TESTS.toString());
    }

    // ---- dashboard ---------------------------------------------------------------------------------------------

    @Test
    void should_be_a_grafana_10_or_11_dashboard_on_a_templated_prometheus_datasource() {
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(38, 41);
        JsonNode datasource = variable("DS_PROMETHEUS");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        assertThat(variableQuery(variable("bridge"))).isEqualTo("label_values(tgb_threads_taken_in_total, bridge)");
        assertThat(variableQuery(variable("community"))).startsWith("label_values(tgb_threads_taken_in_total").endsWith(", community)");
        for (String name : List.of("bridge", "community")) {
            assertThat(variable(name).path("datasource").path("uid").asText()).as("datasource of $%s", name).isEqualTo(DATASOURCE_UID);
        }
    }

    @Test
    void should_give_every_panel_a_unique_id_a_place_and_prometheus_queries() {
        List<JsonNode> panels = panels();
        assertThat(panels).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).as("title of panel %s", panel.path("id")).isNotBlank();
            for (String field : List.of("x", "y", "w", "h")) {
                assertThat(panel.path("gridPos").path(field).isInt()).as("gridPos.%s of %s", field, title).isTrue();
            }
            if (isRow(panel)) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title).isEqualTo(DATASOURCE_UID);
            assertThat(panel.path("targets")).as("targets of %s", title).isNotEmpty();
            assertThat(panel.path("targets")).extracting(t -> t.path("refId").asText()).as("refIds of %s", title).doesNotHaveDuplicates();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("expr of %s", title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).as("target datasource of %s", title).isEqualTo(DATASOURCE_UID);
            }
        }
    }

    @Test
    void should_lay_out_panels_within_the_grid_without_overlapping() {
        List<JsonNode> panels = panels();
        for (JsonNode panel : panels) {
            JsonNode g = panel.path("gridPos");
            assertThat(g.path("x").asInt()).as("x of %s", panel.path("title")).isBetween(0, GRID_WIDTH - 1);
            assertThat(g.path("w").asInt()).as("w of %s", panel.path("title")).isPositive();
            assertThat(g.path("h").asInt()).as("h of %s", panel.path("title")).isPositive();
            assertThat(g.path("x").asInt() + g.path("w").asInt()).as("right edge of %s", panel.path("title")).isLessThanOrEqualTo(GRID_WIDTH);
        }
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
                        .as("%s overlaps %s", panels.get(i).path("title"), panels.get(j).path("title")).isFalse();
            }
        }
    }

    @Test
    void should_define_every_variable_the_dashboard_uses() {
        Set<String> defined = new HashSet<>();
        dashboard.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
        Set<String> used = new TreeSet<>();
        strings(dashboard, text -> {
            Matcher m = GRAFANA_VARIABLE.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!name.startsWith("__")) { // Grafana's own: $__rate_interval, $__range, $__all ...
                    used.add(name);
                }
            }
        });
        assertThat(used).contains("DS_PROMETHEUS", "bridge", "community");
        assertThat(used).as("variables the dashboard uses; defined: %s", defined).isSubsetOf(defined);
    }

    @Test
    void should_query_only_documented_metrics_on_the_dashboard() {
        assertOnlyDocumentedMetrics(dashboardQueries());
    }

    @Test
    void should_show_every_documented_metric_on_the_dashboard() {
        Set<String> shown = new TreeSet<>();
        dashboardQueries().values().forEach(expr -> shown.addAll(metricNames(expr)));
        assertThat(shown).containsAll(DOCUMENTED_METRICS.keySet());
    }

    @Test
    void should_match_group_and_label_series_only_by_labels_the_panel_queries_have() {
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                String where = panel.path("title").asText() + " " + target.path("refId").asText();
                String expr = target.path("expr").asText();
                assertLabelsDocumented(expr, where);
                Set<String> available = labelsOfResult(expr);
                assertThat(matches(LEGEND_LABEL, target.path("legendFormat").asText()))
                        .as("labels in the legend of %s; its result has %s", where, available).isSubsetOf(available);
            }
        }
    }

    @Test
    void should_write_only_panel_queries_that_prometheus_parses(@TempDir Path dir) throws Exception {
        // Grafana's variables become what Grafana puts in their place; the variable queries are Grafana's, not PromQL
        List<Map<String, String>> rules = new ArrayList<>();
        panelQueries().forEach((where, expr) -> rules.add(Map.of(
                "record", "tgb_dashboard:query_" + rules.size(),
                "expr", expr.replaceAll("\\$__(rate_interval|interval|range)\\b", "5m")
                        .replaceAll("\\$\\{?\\w+(?::\\w+)?}?", ".*"))));
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, new YAMLMapper().writeValueAsString(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        assertPromtool("check", "rules", file.toString());
    }

    // ---- PromQL ------------------------------------------------------------------------------------------------

    @Test
    void should_find_the_metric_names_of_a_query_and_not_its_functions_labels_strings_or_variables() {
        assertThat(metricNames("sum by (bridge, system) (increase(tgb_dead_letters_stored_total[15m])) > 0 "
                + "or on (bridge) max by (bridge) (delta(tgb_dead_letters{state=\"new\"}[15m])) > 0"))
                .containsExactlyInAnyOrder("tgb_dead_letters_stored_total", "tgb_dead_letters");
        assertThat(metricNames("histogram_quantile(0.95, sum by (le) (rate(a_bucket{x=~\"rate(b) c\", y='d e'}[$__rate_interval])))"))
                .containsExactly("a_bucket");
        assertThat(metricNames("time() - max by (c) (last_poll) > on (c) 3 * interval_seconds offset 5m"))
                .containsExactlyInAnyOrder("last_poll", "interval_seconds");
        assertThat(metricNames("count(up > bool 0) or vector(0)")).containsExactly("up");
        assertThat(metricNames("label_values(threads_total{bridge=~\"$bridge\"}, community)")).containsExactly("threads_total");
        assertThat(metricNames("sum without (instance) (rate (x_total [5m:1m])) / ignoring (le) group_left (kind) y"))
                .containsExactlyInAnyOrder("x_total", "y");
    }

    /** The metric names in a PromQL expression (or a Grafana label_values query). */
    static Set<String> metricNames(String promql) {
        String s = STRING_LITERAL.matcher(promql).replaceAll("\"\"");
        s = s.replaceAll("#[^\\n]*", " ");
        s = s.replaceAll("\\{[^}]*}", "{}");
        s = s.replaceAll("\\[[^\\]]*]", "[]");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\blabel_values\\s*\\(\\s*([A-Za-z_:][\\w:]*)?[^,)]*,\\s*\\w+\\s*\\)", " $1 ");
        s = s.replaceAll("\\blabel_values\\s*\\(\\s*\\w*\\s*\\)", " ");
        s = GRAFANA_VARIABLE.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        for (String identifier : matches(IDENTIFIER, s)) {
            if (!PROMQL_WORDS.contains(identifier.toLowerCase())) {
                names.add(identifier);
            }
        }
        return names;
    }

    /** Each query names at least one metric, and only metrics of {@link #DOCUMENTED_METRICS}. */
    private static void assertOnlyDocumentedMetrics(Map<String, String> queries) {
        Map<String, Set<String>> undocumented = new LinkedHashMap<>();
        queries.forEach((where, expr) -> {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics of %s: %s", where, expr).isNotEmpty();
            Set<String> unknown = new TreeSet<>(names);
            unknown.removeAll(DOCUMENTED_METRICS.keySet());
            if (!unknown.isEmpty()) {
                undocumented.put(where + ": " + expr, unknown);
            }
        });
        assertThat(undocumented).as("queries naming metrics the bridge does not expose (the documented ones: %s)",
                new TreeSet<>(DOCUMENTED_METRICS.keySet())).isEmpty();
    }

    /** Every label a selector matches on is one its metric has; every label grouped or matched on is one of its metrics'. */
    private static void assertLabelsDocumented(String expr, String where) {
        String s = STRING_LITERAL.matcher(expr).replaceAll("\"\"");
        Matcher selector = SELECTOR.matcher(s);
        while (selector.find()) {
            Set<String> labels = labelsOf(Set.of(selector.group(1)));
            assertThat(matches(MATCHER_LABEL, selector.group(2))).as("labels %s matches %s on", where, selector.group(1)).isSubsetOf(labels);
        }
        assertThat(matches(GROUPING, s).stream().flatMap(MonitoringFilesTest::labelList).toList())
                .as("labels %s groups or matches by", where).isSubsetOf(labelsOf(metricNames(expr)));
    }

    /**
     * The labels an expression's result series can have: those it aggregates by when it aggregates, else those of
     * its metrics.
     */
    private static Set<String> labelsOfResult(String expr) {
        String s = STRING_LITERAL.matcher(expr).replaceAll("\"\"");
        Matcher by = Pattern.compile("\\bby\\s*\\(([^)]*)\\)").matcher(s);
        Set<String> grouped = new HashSet<>();
        while (by.find()) {
            labelList(by.group(1)).forEach(grouped::add);
        }
        return grouped.isEmpty() ? labelsOf(metricNames(expr)) : grouped;
    }

    private static Set<String> labelsOf(Set<String> metrics) {
        Set<String> labels = new HashSet<>(COMMON_LABELS);
        metrics.forEach(m -> labels.addAll(DOCUMENTED_METRICS.getOrDefault(m, Set.of())));
        return labels;
    }

    private static Stream<String> labelList(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(l -> !l.isEmpty());
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    // ---- promtool ----------------------------------------------------------------------------------------------

    /** Runs promtool with these arguments in the project folder and asserts it exits 0, showing its output if not. */
    private static void assertPromtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(promtool().toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // promtool's output is small: read it whole, then the exit code
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s did not finish within 2 minutes:%n%s", String.join(" ", command), output);
        }
        assertThat(process.exitValue()).as("%s exited %d:%n%s", String.join(" ", command), process.exitValue(), output).isZero();
    }

    /**
     * promtool on the PATH; when it is missing, the test fails under CI=true (it must run there) and is skipped
     * elsewhere.
     */
    private static Path promtool() {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is not on the PATH: install Debian's prometheus package for promtool "
                        + "(apt-get install prometheus puts it at /usr/bin/promtool)");
            }
            assumeTrue(false, "promtool is not on the PATH (install Debian's prometheus package for promtool); skipped outside CI");
        }
        return found.get();
    }

    // ---- reading the files -------------------------------------------------------------------------------------

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        alerts.path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    /** Every panel, rows and the panels inside collapsed rows included. */
    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static boolean isRow(JsonNode panel) {
        return "row".equals(panel.path("type").asText());
    }

    /** Each query of the panels, by where it is. */
    private Map<String, String> panelQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel " + panel.path("id").asInt() + " '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        return queries;
    }

    /** Each query of the dashboard, the panels' and the query variables', by where it is. */
    private Map<String, String> dashboardQueries() {
        Map<String, String> queries = panelQueries();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                queries.put("variable $" + variable.path("name").asText(), variableQuery(variable));
            }
        }
        return queries;
    }

    private JsonNode variable(String name) {
        return StreamSupport.stream(dashboard.path("templating").path("list").spliterator(), false)
                .filter(v -> name.equals(v.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no templating variable " + name));
    }

    /** A query variable's query: a string in older dashboards, an object with a query field in Grafana 10/11. */
    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isTextual() ? query.asText() : query.path("query").asText();
    }

    private static void strings(JsonNode node, Consumer<String> each) {
        if (node.isTextual()) {
            each.accept(node.asText());
        }
        node.forEach(child -> strings(child, each));
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }
}
