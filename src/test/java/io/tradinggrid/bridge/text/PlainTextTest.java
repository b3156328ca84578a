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

    @Test
    void should_keep_visible_characters_when_removing_control_characters() {
        // "&&" and the character after it are text, not part of the expression that finds control characters
        assertThat(PlainText.of("Pallets 3\u0007&&4 crushed", 100)).isEqualTo("Pallets 3&&4 crushed");
        assertThat(PlainText.of("Ärger über 50\u00a0€ – café\u001b", 100)).isEqualTo("Ärger über 50\u00a0€ – café");
    }

    @Test
    void should_remove_every_c0_control_character_and_del_but_line_feed_and_tab() {
        StringBuilder text = new StringBuilder("a");
        for (char c = 0; c < 0x20; c++) {
            if (c != '\r') { // a line break, see below
                text.append(c);
            }
        }
        text.append('\u007f').append('b');
        assertThat(PlainText.of(text.toString(), 100)).isEqualTo("a\t\nb");
        assertThat(PlainText.of("Qty\t40\nShort\t2", 100)).isEqualTo("Qty\t40\nShort\t2");
    }

    @Test
    void should_keep_carriage_return_line_breaks_as_line_feeds() {
        assertThat(PlainText.of("line 1\r\nline 2\rline 3", 100)).isEqualTo("line 1\nline 2\nline 3");
    }

    @Test
    void should_remove_c1_control_characters() {
        assertThat(PlainText.of("a\u0085b\u009bc\u0080d", 100)).isEqualTo("abcd");
    }

    @Test
    void should_remove_bidi_embeddings_overrides_and_isolates_but_keep_right_to_left_text() {
        // U+202E makes "invoice\u202Efdp.exe" display as "invoiceexe.pdf"
        assertThat(PlainText.of("invoice\u202Efdp.exe", 100)).isEqualTo("invoicefdp.exe");
        assertThat(PlainText.of("a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i", 100)).isEqualTo("abcdefghi");
        assertThat(PlainText.of("שלום مرحبا", 100)).isEqualTo("שלום مرحبا");
    }

    @Test
    void should_not_re_create_markup_from_entities_however_often_they_are_encoded() {
        assertThat(PlainText.of("&lt;img src=x onerror=alert(1)&gt;Damaged", 100)).isEqualTo("Damaged");
        assertThat(PlainText.of("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;ok", 100)).isEqualTo("ok");
        assertThat(PlainText.of("&#60;svg onload=alert(1)&#62;x", 100)).isEqualTo("x");
        String plain = PlainText.of("&amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;lt;b&amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;gt;", 100);
        assertThat(org.jsoup.parser.Parser.unescapeEntities(org.jsoup.parser.Parser.unescapeEntities(plain, false), false)).doesNotContain("<b");
    }

    @Test
    void should_remove_servicenow_code_markers_so_journal_fields_render_no_html() {
        assertThat(PlainText.of("[code]&lt;script&gt;alert(1)&lt;/script&gt;[/code]", 100)).isEmpty();
        assertThat(PlainText.of("see [CODE]<b>x</b>[ /code ] here", 100)).isEqualTo("see x here");
        assertThat(PlainText.of("[co[code]de]<i>y</i>", 100)).isEqualTo("y");
    }

    @Test
    void should_keep_a_less_than_sign_that_starts_no_tag_readable() {
        assertThat(PlainText.of("qty < 5 and price<10 & weight > 3", 100)).isEqualTo("qty < 5 and price<10 & weight > 3");
        assertThat(PlainText.of("AT&T paid 5 &lt; 6", 100)).isEqualTo("AT&T paid 5 < 6");
    }

    @Test
    void should_remove_bidi_marks_and_invisible_joiners() {
        assertThat(PlainText.of("a\u200Eb\u200Fc\u061Cd\u200Be\uFEFFf\u2060g", 100)).isEqualTo("abcdefg");
    }
}
