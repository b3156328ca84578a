package io.tradinggrid.emulator.community;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A file a partner uploads through the emulator's partner actions.
 *
 * @param documentCategory one of the contract's DocumentCategory values, or null
 */
public record NewFile(String fileName, String mimeType, byte[] content, String documentCategory) {

    public NewFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }

    public static NewFile of(String fileName, String mimeType, byte[] content) {
        return new NewFile(fileName, mimeType, content, null);
    }

    public static NewFile text(String fileName, String text) {
        return new NewFile(fileName, "text/plain", text.getBytes(StandardCharsets.UTF_8), null);
    }

    public NewFile withCategory(String category) {
        return new NewFile(fileName, mimeType, content, category);
    }
}
