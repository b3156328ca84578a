package io.tradinggrid.bridge.text;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/** Turns untrusted text (partner posts, internal comments) into plain text: no markup, no script, bounded length. */
public final class PlainText {

    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);

    private PlainText() {
    }

    public static String of(String text, int maxLength) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // keep line breaks the author meant, drop every tag and everything inside script and style
        String marked = text.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>", "\n");
        String cleaned = Jsoup.clean(marked, "", Safelist.none(), OUTPUT);
        String plain = org.jsoup.parser.Parser.unescapeEntities(cleaned, false)
                .replaceAll("\\p{Cntrl}&&[^\n\t]", "")
                .replaceAll("[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]", "")
                .strip();
        return plain.length() <= maxLength ? plain : plain.substring(0, Math.max(0, maxLength - 1)) + "…";
    }
}
