package io.tradinggrid.bridge.store;

/** A store operation failed; the message says which. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
