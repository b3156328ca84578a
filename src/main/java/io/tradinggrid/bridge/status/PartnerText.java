package io.tradinggrid.bridge.status;

import io.tradinggrid.bridge.text.PlainText;
import java.util.regex.Pattern;

/**
 * Text that crosses from an internal system to partners: plain text only, and no internal e-mail addresses or
 * record sys_ids. Staff names are never added by the bridge; a comment is attributed to the team, not the person.
 */
public final class PartnerText {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern SYS_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

    private PartnerText() {
    }

    public static String of(String text, int maxLength) {
        String plain = PlainText.of(text, maxLength);
        plain = EMAIL.matcher(plain).replaceAll("[e-mail removed]");
        return SYS_ID.matcher(plain).replaceAll("[reference removed]");
    }
}
