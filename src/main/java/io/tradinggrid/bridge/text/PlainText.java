package io.tradinggrid.bridge.text;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

/**
 * Turns untrusted text (partner posts, internal comments) into plain text: no markup, no script, bounded length.
 * <p>
 * The result holds no markup even after later decoding: entities are decoded and what they spell is cleaned again,
 * until the text no longer changes ({@code &amp;lt;img onerror=...&amp;gt;} is cleaned as {@code <img onerror=...>}). A
 * {@code <} that starts no tag stays ("qty < 5"). ServiceNow renders {@code [code]...[/code]} in journal fields as
 * HTML, so those markers are removed too.
 */
public final class PlainText {

    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);
    /**
     * Control characters (C0, DEL, C1) except line feed and tab; the bidi marks, embeddings, overrides and isolates
     * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that make text display differently from what it says,
     * e.g. in ServiceNow or the partner UI; and the invisible joiners and byte order mark that hide words in words.
     */
    private static final Pattern INVISIBLE = Pattern.compile(
            "[\\p{Cc}\\u061C\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF&&[^\\n\\t]]");
    private static final Pattern CARRIAGE_RETURN = Pattern.compile("\\r\\n?");
    private static final Pattern LINE_BREAK_TAGS = Pattern.compile("(?i)<br\\s*/?>|</p\\s*>|</div\\s*>|</li\\s*>");
    /** ServiceNow's journal markers, also with blanks inside the brackets, which it tolerates. */
    private static final Pattern SERVICENOW_CODE = Pattern.compile("(?i)\\[\\s*/?\\s*code\\s*]");
    /** Each round decodes one level of entities; text encoded more often than this loses its angle brackets and ampersands. */
    private static final int MAX_ROUNDS = 8;

    private PlainText() {
    }

    public static String of(String text, int maxLength) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String plain = CARRIAGE_RETURN.matcher(text).replaceAll("\n");
        for (int round = 0; ; round++) {
            String next = once(plain);
            if (next.equals(plain)) {
                break;
            }
            if (round == MAX_ROUNDS) {
                // still changing (entities in entities in ...): what is left spells no tag and no entity without these
                plain = next.replace("<", "").replace(">", "").replace("&", "");
                break;
            }
            plain = next;
        }
        plain = plain.strip();
        return plain.length() <= maxLength ? plain : plain.substring(0, Math.max(0, maxLength - 1)) + "…";
    }

    /** One round: drop every tag (and everything inside script and style), decode what is left, drop invisibles. */
    private static String once(String text) {
        // keep line breaks the author meant
        String marked = LINE_BREAK_TAGS.matcher(text).replaceAll("\n");
        String cleaned = Jsoup.clean(marked, "", Safelist.none(), OUTPUT);
        String decoded = Parser.unescapeEntities(cleaned, false);
        String visible = INVISIBLE.matcher(decoded).replaceAll("");
        return SERVICENOW_CODE.matcher(visible).replaceAll("");
    }
}
