package io.tradinggrid.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.BadRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The small subset of the JUEL expression language (as Flowable and OpenText use it) the shipped models need.
 * <p>
 * A template is literal text with {@code ${...}} parts; a template that is a single {@code ${...}} gives the
 * value itself, otherwise the parts are joined as text. Inside {@code ${...}}: variable names with property
 * access ({@code a.b}, {@code a['b']}), string literals in single or double quotes, numbers, {@code true},
 * {@code false}, {@code null}, {@code == != < > <= >=} (and {@code eq ne lt gt le ge}), {@code && || !}
 * (and {@code and or not}), {@code empty x}, the ternary {@code c ? a : b} and parentheses.
 * <p>
 * Emulator choice: an unknown variable is {@code null} (Flowable would fail the command), so a gateway
 * condition on a not-yet-set outcome is simply false and the default flow is taken.
 */
final class Expr {

    private final String source;
    private final List<Object> parts = new ArrayList<>(); // String literal text or Node

    private Expr(String source) {
        this.source = source;
    }

    /** Parses a template; throws {@link BadRequestException} with the position on a syntax error. */
    static Expr parse(String template) {
        Expr expr = new Expr(template);
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                text.append(template, i, template.length());
                break;
            }
            text.append(template, i, start);
            int end = findClose(template, start + 2);
            if (end < 0) {
                throw new BadRequestException("Expression '" + template + "' has no closing '}'");
            }
            if (text.length() > 0) {
                expr.parts.add(text.toString());
                text.setLength(0);
            }
            Parser parser = new Parser(template.substring(start + 2, end), template);
            expr.parts.add(parser.parseAll());
            i = end + 1;
        }
        if (text.length() > 0) {
            expr.parts.add(text.toString());
        }
        return expr;
    }

    private static int findClose(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        return -1;
    }

    String source() {
        return source;
    }

    /** The value: a String, BigDecimal, Boolean, JsonNode (object/array), List or null. */
    Object evaluate(Map<String, JsonNode> variables) {
        if (parts.size() == 1 && parts.get(0) instanceof Node) {
            return ((Node) parts.get(0)).eval(variables);
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Node) {
                Object v = ((Node) part).eval(variables);
                out.append(v == null ? "" : asText(v));
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    boolean evaluateCondition(Map<String, JsonNode> variables) {
        return truthy(evaluate(variables));
    }

    // ---- values ---------------------------------------------------------------------------------

    static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node;
    }

    static String asText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).stripTrailingZeros().toPlainString();
        }
        if (v instanceof JsonNode) {
            JsonNode n = (JsonNode) v;
            return n.isValueNode() ? n.asText() : n.toString();
        }
        return v.toString();
    }

    static boolean truthy(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof String) {
            return Boolean.parseBoolean(((String) v).trim());
        }
        return false;
    }

    static boolean isEmpty(Object v) {
        if (v == null) {
            return true;
        }
        if (v instanceof String) {
            return ((String) v).isEmpty();
        }
        if (v instanceof Collection) {
            return ((Collection<?>) v).isEmpty();
        }
        if (v instanceof JsonNode) {
            JsonNode n = (JsonNode) v;
            return n.isNull() || (n.isContainerNode() && n.size() == 0) || (n.isTextual() && n.textValue().isEmpty());
        }
        return false;
    }

    private static BigDecimal number(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof String) {
            try {
                return new BigDecimal(((String) v).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return truthy(a) == truthy(b);
        }
        return asText(a).equals(asText(b));
    }

    private static int compare(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (a == null || b == null) {
            throw new BadRequestException("Cannot compare null values");
        }
        return asText(a).compareTo(asText(b));
    }

    // ---- syntax tree ----------------------------------------------------------------------------

    private interface Node {
        Object eval(Map<String, JsonNode> vars);
    }

    private static final class Parser {
        private final String text;
        private final String template;
        private int pos;

        Parser(String text, String template) {
            this.text = text;
            this.template = template;
        }

        Node parseAll() {
            Node n = ternary();
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected '" + text.substring(pos) + "'");
            }
            return n;
        }

        private BadRequestException error(String what) {
            return new BadRequestException("Invalid expression '" + template + "': " + what);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean accept(String symbol) {
            skipSpace();
            if (text.startsWith(symbol, pos)) {
                pos += symbol.length();
                return true;
            }
            return false;
        }

        private boolean acceptWord(String word) {
            skipSpace();
            int end = pos + word.length();
            if (text.startsWith(word, pos) && (end >= text.length() || !Character.isJavaIdentifierPart(text.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        private Node ternary() {
            Node cond = or();
            if (accept("?")) {
                Node yes = ternary();
                if (!accept(":")) {
                    throw error("expected ':' in conditional");
                }
                Node no = ternary();
                return v -> truthy(cond.eval(v)) ? yes.eval(v) : no.eval(v);
            }
            return cond;
        }

        private Node or() {
            Node left = and();
            while (accept("||") || acceptWord("or")) {
                Node l = left;
                Node r = and();
                left = v -> truthy(l.eval(v)) || truthy(r.eval(v));
            }
            return left;
        }

        private Node and() {
            Node left = equality();
            while (accept("&&") || acceptWord("and")) {
                Node l = left;
                Node r = equality();
                left = v -> truthy(l.eval(v)) && truthy(r.eval(v));
            }
            return left;
        }

        private Node equality() {
            Node left = relational();
            while (true) {
                if (accept("==") || acceptWord("eq")) {
                    Node l = left;
                    Node r = relational();
                    left = v -> equal(l.eval(v), r.eval(v));
                } else if (accept("!=") || acceptWord("ne")) {
                    Node l = left;
                    Node r = relational();
                    left = v -> !equal(l.eval(v), r.eval(v));
                } else {
                    return left;
                }
            }
        }

        private Node relational() {
            Node left = unary();
            while (true) {
                String op;
                if (accept("<=") || acceptWord("le")) {
                    op = "<=";
                } else if (accept(">=") || acceptWord("ge")) {
                    op = ">=";
                } else if (accept("<") || acceptWord("lt")) {
                    op = "<";
                } else if (accept(">") || acceptWord("gt")) {
                    op = ">";
                } else {
                    return left;
                }
                Node l = left;
                Node r = unary();
                String o = op;
                left = v -> {
                    Object a = l.eval(v);
                    Object b = r.eval(v);
                    if (a == null || b == null) {
                        return false;
                    }
                    int c = compare(a, b);
                    switch (o) {
                        case "<=": return c <= 0;
                        case ">=": return c >= 0;
                        case "<": return c < 0;
                        default: return c > 0;
                    }
                };
            }
        }

        private Node unary() {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '!' && !text.startsWith("!=", pos)) {
                pos++;
                Node n = unary();
                return v -> !truthy(n.eval(v));
            }
            if (acceptWord("not")) {
                Node n = unary();
                return v -> !truthy(n.eval(v));
            }
            if (acceptWord("empty")) {
                Node n = unary();
                return v -> isEmpty(n.eval(v));
            }
            return postfix(primary());
        }

        private Node postfix(Node base) {
            Node current = base;
            while (true) {
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == '.') {
                    pos++;
                    String name = identifier();
                    Node target = current;
                    current = v -> property(target.eval(v), name);
                } else if (pos < text.length() && text.charAt(pos) == '[') {
                    pos++;
                    Node key = ternary();
                    if (!accept("]")) {
                        throw error("expected ']'");
                    }
                    Node target = current;
                    current = v -> property(target.eval(v), asText(key.eval(v)));
                } else {
                    return current;
                }
            }
        }

        private static Object property(Object target, String name) {
            if (target instanceof JsonNode) {
                JsonNode n = (JsonNode) target;
                JsonNode child = n.isArray() ? intIndex(n, name) : n.get(name);
                return fromJson(child);
            }
            return null;
        }

        private static JsonNode intIndex(JsonNode array, String name) {
            try {
                return array.get(Integer.parseInt(name));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private String identifier() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a name at position " + start);
            }
            return text.substring(start, pos);
        }

        private Node primary() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                Node inner = ternary();
                if (!accept(")")) {
                    throw error("expected ')'");
                }
                return inner;
            }
            if (c == '\'' || c == '"') {
                pos++;
                StringBuilder s = new StringBuilder();
                while (pos < text.length() && text.charAt(pos) != c) {
                    char ch = text.charAt(pos++);
                    if (ch == '\\' && pos < text.length()) {
                        ch = text.charAt(pos++);
                    }
                    s.append(ch);
                }
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                pos++;
                String literal = s.toString();
                return v -> literal;
            }
            if (Character.isDigit(c) || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                int start = pos++;
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
                BigDecimal number = new BigDecimal(text.substring(start, pos));
                return v -> number;
            }
            if (Character.isJavaIdentifierStart(c)) {
                String name = identifier();
                switch (name) {
                    case "true": return v -> Boolean.TRUE;
                    case "false": return v -> Boolean.FALSE;
                    case "null": return v -> null;
                    default: return v -> fromJson(v.get(name));
                }
            }
            throw error("unexpected '" + c + "' at position " + pos);
        }
    }
}
