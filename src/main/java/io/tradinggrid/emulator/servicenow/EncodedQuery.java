package io.tradinggrid.emulator.servicenow;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed ServiceNow encoded query ({@code sysparm_query}).
 * <p>
 * Structure: {@code ^NQ} separates groups that are OR'd; inside a group, conditions joined by {@code ^} are AND'd,
 * and {@code ^OR} ORs a condition with the one before it. Column names, operators and values are case-sensitive.
 * A condition on an unknown field, with an unknown operator or with an unsupported javascript value is dropped and
 * the query runs on the valid remainder (ServiceNow's default, glide.invalid_query.returns_no_rows=false).
 */
final class EncodedQuery {

    /** Reads a (possibly dot-walked) field of a record as its database value; null when the path is invalid. */
    interface Resolver {
        SnSchema.Field field(SnSchema.Table table, String path);

        String value(SnSchema.Table table, Map<String, String> record, String path);
    }

    private static final String[] OPERATORS = {"NOT LIKE", "NOT IN", "ISNOTEMPTY", "ISEMPTY", "EMPTYSTRING", "ANYTHING",
            "STARTSWITH", "ENDSWITH", "NSAMEAS", "SAMEAS", "BETWEEN", "LIKE", "NOTON", "ON", "IN", "!=", "<=", ">=", "=",
            "<", ">"};
    private static final Pattern FIELD = Pattern.compile("^[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final Pattern DATE_GENERATE = Pattern.compile(
            "javascript:gs\\.dateGenerate\\(\\s*'(\\d{4}-\\d{2}-\\d{2})'\\s*,\\s*'([^']*)'\\s*\\)");
    private static final Pattern GS_CALL = Pattern.compile("javascript:gs\\.(\\w+)\\(\\s*(-?\\d*)\\s*\\)");

    record Condition(String field, String op, String value) {
    }

    record Order(String field, boolean descending) {
    }

    /** OR of groups; each group an AND of clauses; each clause an OR of conditions. */
    private final List<List<List<Condition>>> groups = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();

    private EncodedQuery() {
    }

    static EncodedQuery parse(String query, SnSchema.Table table, Resolver resolver, ZoneId userZone, Instant now) {
        EncodedQuery q = new EncodedQuery();
        List<List<Condition>> group = new ArrayList<>();
        q.groups.add(group);
        if (query == null || query.isBlank()) {
            return q;
        }
        String text = query.replace("^^", "\u0000");
        for (String raw : text.split("\\^")) {
            String token = raw.replace('\u0000', '^');
            if (token.isEmpty() || token.equals("EQ") || token.startsWith("GROUPBY") || token.startsWith("RLQUERY")
                    || token.startsWith("ENDRLQUERY")) {
                continue;
            }
            if (token.startsWith("ORDERBYDESC")) {
                q.order(table, resolver, token.substring("ORDERBYDESC".length()), true);
                continue;
            }
            if (token.startsWith("ORDERBY")) {
                q.order(table, resolver, token.substring("ORDERBY".length()), false);
                continue;
            }
            boolean or = false;
            if (token.startsWith("NQ")) {
                group = new ArrayList<>();
                q.groups.add(group);
                token = token.substring(2);
            } else if (token.startsWith("OR")) {
                or = true;
                token = token.substring(2);
            }
            Condition c = condition(token, table, resolver, userZone, now);
            if (c == null) {
                q.ignored.add(token);
                continue;
            }
            if (or && !group.isEmpty()) {
                group.get(group.size() - 1).add(c);
            } else {
                List<Condition> clause = new ArrayList<>();
                clause.add(c);
                group.add(clause);
            }
        }
        return q;
    }

    /** Adds field=value conditions (name-value pair filters); display values of choices and references are accepted. */
    void andEquals(SnSchema.Table table, Resolver resolver, String field, String value) {
        SnSchema.Field f = resolver.field(table, field);
        if (f == null) {
            ignored.add(field + "=" + value);
            return;
        }
        for (List<List<Condition>> group : groups) {
            List<Condition> clause = new ArrayList<>();
            clause.add(new Condition(field, "=", value));
            if (f.type == SnSchema.Type.CHOICE) {
                f.choices.forEach((v, label) -> {
                    if (label.equalsIgnoreCase(value) && !v.equals(value)) {
                        clause.add(new Condition(field, "=", v));
                    }
                });
            } else if (f.type == SnSchema.Type.REFERENCE) {
                clause.add(new Condition(field + ".__display", "=", value));
            }
            group.add(clause);
        }
    }

    List<String> ignored() {
        return ignored;
    }

    List<Order> orders() {
        return orders;
    }

    boolean matches(SnSchema.Table table, Map<String, String> record, Resolver resolver) {
        for (List<List<Condition>> group : groups) {
            if (groupMatches(group, table, record, resolver)) {
                return true;
            }
        }
        return false;
    }

    Comparator<Map<String, String>> comparator(SnSchema.Table table, Resolver resolver) {
        Comparator<Map<String, String>> result = (a, b) -> 0;
        for (Order o : orders) {
            Comparator<Map<String, String>> c = (a, b) -> compareValues(
                    resolver.value(table, a, o.field()), resolver.value(table, b, o.field()));
            result = result.thenComparing(o.descending() ? c.reversed() : c);
        }
        return result;
    }

    private static boolean groupMatches(List<List<Condition>> group, SnSchema.Table table, Map<String, String> record,
                                        Resolver resolver) {
        for (List<Condition> clause : group) {
            boolean any = false;
            for (Condition c : clause) {
                if (test(c, table, record, resolver)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private void order(SnSchema.Table table, Resolver resolver, String field, boolean descending) {
        if (resolver.field(table, field) == null) {
            ignored.add((descending ? "ORDERBYDESC" : "ORDERBY") + field);
        } else {
            orders.add(new Order(field, descending));
        }
    }

    private static Condition condition(String token, SnSchema.Table table, Resolver resolver, ZoneId zone, Instant now) {
        Matcher m = FIELD.matcher(token);
        if (!m.find()) {
            return null;
        }
        String field = m.group();
        String rest = token.substring(field.length());
        if (resolver.field(table, field) == null) {
            return null;
        }
        for (String op : OPERATORS) {
            if (rest.startsWith(op)) {
                String value = rest.substring(op.length());
                if (op.equals("SAMEAS") || op.equals("NSAMEAS")) {
                    return resolver.field(table, value) == null ? null : new Condition(field, op, value);
                }
                if (op.equals("BETWEEN")) {
                    int at = value.indexOf('@');
                    if (at < 0) {
                        return null;
                    }
                    String from = javascript(value.substring(0, at), zone, now, false);
                    String to = javascript(value.substring(at + 1), zone, now, true);
                    return from == null || to == null ? null : new Condition(field, op, from + "@" + to);
                }
                if (op.equals("ON") || op.equals("NOTON")) {
                    String[] parts = value.split("@");
                    if (parts.length != 3) {
                        return null;
                    }
                    String from = javascript(parts[1], zone, now, false);
                    String to = javascript(parts[2], zone, now, true);
                    return from == null || to == null ? null : new Condition(field, op, from + "@" + to);
                }
                String resolved = javascript(value, zone, now, false);
                return resolved == null ? null : new Condition(field, op, resolved);
            }
        }
        return null;
    }

    /** Evaluates the javascript:gs.* value forms the emulator supports; null when unsupported. */
    static String javascript(String value, ZoneId zone, Instant now, boolean end) {
        if (!value.startsWith("javascript:")) {
            return value;
        }
        Matcher dg = DATE_GENERATE.matcher(value.trim());
        if (dg.matches()) {
            String time = dg.group(2);
            if ("start".equals(time)) {
                time = "00:00:00";
            } else if ("end".equals(time)) {
                time = "23:59:59";
            }
            return SnTime.fromZone(dg.group(1) + " " + time, zone);
        }
        Matcher gs = GS_CALL.matcher(value.trim());
        if (!gs.matches()) {
            return null;
        }
        int n = gs.group(2).isEmpty() ? 0 : Integer.parseInt(gs.group(2));
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        switch (gs.group(1)) {
            case "now":
            case "nowDateTime":
                return SnTime.utc(now);
            case "beginningOfToday":
                return SnTime.utc(today.atStartOfDay(zone).toInstant());
            case "endOfToday":
                return SnTime.utc(today.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1));
            case "daysAgoStart":
                return SnTime.utc(today.minusDays(n).atStartOfDay(zone).toInstant());
            case "daysAgoEnd":
                return SnTime.utc(today.minusDays(n - 1L).atStartOfDay(zone).toInstant().minusSeconds(1));
            case "daysAgo":
                return SnTime.utc(now.minus(n, ChronoUnit.DAYS));
            case "hoursAgo":
                return SnTime.utc(now.minus(n, ChronoUnit.HOURS));
            case "minutesAgo":
                return SnTime.utc(now.minus(n, ChronoUnit.MINUTES));
            default:
                return null;
        }
    }

    private static boolean test(Condition c, SnSchema.Table table, Map<String, String> record, Resolver resolver) {
        String v = resolver.value(table, record, c.field());
        if (v == null) {
            v = "";
        }
        String x = c.value();
        switch (c.op()) {
            case "=":
                return v.equals(x);
            case "!=":
                return !v.equals(x);
            case "LIKE":
                return v.contains(x);
            case "NOT LIKE":
                return !v.contains(x);
            case "STARTSWITH":
                return v.startsWith(x);
            case "ENDSWITH":
                return v.endsWith(x);
            case "IN":
                return Arrays.asList(x.split(",", -1)).contains(v);
            case "NOT IN":
                return !Arrays.asList(x.split(",", -1)).contains(v);
            case "ISEMPTY":
            case "EMPTYSTRING":
                return v.isEmpty();
            case "ISNOTEMPTY":
                return !v.isEmpty();
            case "ANYTHING":
                return true;
            case "SAMEAS":
                return v.equals(nullToEmpty(resolver.value(table, record, x)));
            case "NSAMEAS":
                return !v.equals(nullToEmpty(resolver.value(table, record, x)));
            case "<":
                return !v.isEmpty() && compareValues(v, x) < 0;
            case "<=":
                return !v.isEmpty() && compareValues(v, x) <= 0;
            case ">":
                return !v.isEmpty() && compareValues(v, x) > 0;
            case ">=":
                return !v.isEmpty() && compareValues(v, x) >= 0;
            case "BETWEEN":
            case "ON": {
                int at = x.indexOf('@');
                boolean in = !v.isEmpty() && compareValues(v, x.substring(0, at)) >= 0
                        && compareValues(v, x.substring(at + 1)) <= 0;
                return in;
            }
            case "NOTON": {
                int at = x.indexOf('@');
                return v.isEmpty() || compareValues(v, x.substring(0, at)) < 0 || compareValues(v, x.substring(at + 1)) > 0;
            }
            default:
                return false;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Numbers compare as numbers, everything else (date-times included, same fixed format) as text. */
    static int compareValues(String a, String b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return nullToEmpty(a).compareTo(nullToEmpty(b));
    }

    private static BigDecimal number(String s) {
        if (s == null || s.isEmpty() || s.length() > 30) {
            return null;
        }
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-')) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
