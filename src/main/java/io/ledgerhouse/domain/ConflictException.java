package io.ledgerhouse.domain;

/** The request is well formed but the thing's current state does not allow it (e.g. a status transition). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
