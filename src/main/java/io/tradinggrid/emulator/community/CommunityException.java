package io.tradinggrid.emulator.community;

import io.tradinggrid.emulator.BadRequestException;

/**
 * A refusal the emulator answers with the contract's {@code Error} body: {@code message} plus, where the contract
 * asks for it, {@code exception} (e.g. the id of the existing partner on a 409).
 */
public class CommunityException extends BadRequestException {

    private final String detail;

    public CommunityException(int status, String message) {
        this(status, message, null);
    }

    public CommunityException(int status, String message, String detail) {
        super(status, message);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }

    static CommunityException badRequest(String message) {
        return new CommunityException(400, message);
    }

    static CommunityException notFound(String what, String id) {
        return new CommunityException(404, what + " " + id + " does not exist", id);
    }

    static CommunityException conflict(String message, String detail) {
        return new CommunityException(409, message, detail);
    }
}
