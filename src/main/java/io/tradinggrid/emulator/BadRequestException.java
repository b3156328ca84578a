package io.tradinggrid.emulator;

/** A client error an emulator answers in its system's own error shape, never as a stack trace. */
public class BadRequestException extends RuntimeException {

    private final int status;

    public BadRequestException(String message) {
        this(400, message);
    }

    public BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
