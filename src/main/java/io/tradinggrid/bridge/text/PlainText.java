package io.tradinggrid.bridge.text;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/** Turns untrusted text (partner posts, internal comments) into plain text: no markup, no script, bounded length. */
public final class PlainText {

    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);
    /**
     * Control characters (C0, DEL, C1) except line feed and tab, and the bidi embeddings, overrides and isolates
     * (U+202A-U+202E, U+2066-U+2069) that make text display differently from what it says, e.g. in ServiceNow or the
     * partner UI.
     */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069&&[^\\n\\t]]");
    private static final Pattern CARRIAGE_RETURN = Pattern.compile("\\r\\n?");

    private PlainText() {
    }

    public static String of(String text, int maxLength) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // keep line breaks the author meant, drop every tag and everything inside script and style
        String marked = CARRIAGE_RETURN.matcher(text).replaceAll("\n").replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>", "\n");
        String cleaned = Jsoup.clean(marked, "", Safelist.none(), OUTPUT);
        String plain = INVISIBLE.matcher(org.jsoup.parser.Parser.unescapeEntities(cleaned, false)).replaceAll("").strip();
        return plain.length() <= maxLength ? plain : plain.substring(0, Math.max(0, maxLength - 1)) + "…";
    }
}
