package io.tradinggrid.emulator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradinggrid.emulator.BadRequestException;
import io.tradinggrid.emulator.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expression subset the models use (unit level; the HTTP tests cover it through the shipped models). */
class ExprTest {

    private static final Map<String, JsonNode> VARS = Map.of(
            "ownerGroup", Json.MAPPER.valueToTree("finance"),
            "amount", Json.MAPPER.valueToTree(250),
            "urgent", Json.MAPPER.valueToTree(true),
            "blank", Json.MAPPER.valueToTree(""),
            "partner", Json.MAPPER.valueToTree(Map.of("name", "ACME", "tier", 2)));

    private static Object eval(String template) {
        return Expr.parse(template).evaluate(VARS);
    }

    @Test
    void should_compare_strings_with_either_quote_and_numbers_numerically() {
        assertThat(eval("${ownerGroup == 'finance'}")).isEqualTo(true);
        assertThat(eval("${ownerGroup != \"finance\"}")).isEqualTo(false);
        assertThat(eval("${amount > 100 && amount <= 250}")).isEqualTo(true);
        assertThat(eval("${amount == 250.0}")).isEqualTo(true);
        assertThat(eval("${amount lt 100 or urgent}")).isEqualTo(true);
        assertThat(eval("${!(urgent) || missing == 'x'}")).isEqualTo(false);
    }

    @Test
    void should_treat_unknown_variables_as_null_and_support_empty_and_ternary() {
        assertThat(eval("${missing}")).isNull();
        assertThat(eval("${empty missing ? 'ops-exceptions' : missing}")).isEqualTo("ops-exceptions");
        assertThat(eval("${empty ownerGroup ? 'ops-exceptions' : ownerGroup}")).isEqualTo("finance");
        assertThat(eval("${not empty blank}")).isEqualTo(false);
    }

    @Test
    void should_read_properties_and_mix_text_with_expressions() {
        assertThat(eval("${partner.name}")).isEqualTo("ACME");
        assertThat(eval("${partner['tier'] >= 2}")).isEqualTo(true);
        assertThat(eval("Review for ${partner.name} (${amount} EUR)")).isEqualTo("Review for ACME (250 EUR)");
        assertThat(eval("no expression")).isEqualTo("no expression");
    }

    @Test
    void should_reject_syntax_errors_with_the_expression_in_the_message() {
        assertThatThrownBy(() -> Expr.parse("${a == }")).isInstanceOf(BadRequestException.class).hasMessageContaining("${a == }");
        assertThatThrownBy(() -> Expr.parse("${a == 'x'")).isInstanceOf(BadRequestException.class).hasMessageContaining("closing");
        assertThatThrownBy(() -> Expr.parse("${a ? 'x'}")).isInstanceOf(BadRequestException.class).hasMessageContaining("':'");
    }
}
