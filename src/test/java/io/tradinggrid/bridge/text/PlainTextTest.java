package io.tradinggrid.bridge.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void should_drop_markup_and_scripts_but_keep_the_words_and_line_breaks() {
        String text = PlainText.of("<b>Urgent</b><script>alert('x')</script><p>Pallet 3 crushed</p>Call &amp; confirm", 1000);
        assertThat(text).doesNotContain("<").doesNotContain("alert").contains("Urgent").contains("Pallet 3 crushed\n").endsWith("Call & confirm");
    }

    @Test
    void should_remove_control_characters_and_bound_the_length() {
        assertThat(PlainText.of("a\u0000b\u0007c", 100)).isEqualTo("abc");
        assertThat(PlainText.of("x".repeat(50), 10)).hasSize(10).endsWith("…");
    }
}
