package io.ledgerhouse.api;

import io.ledgerhouse.domain.ValidationException;
import java.util.List;

/** Request bodies: a missing one is a 422 naming it, like any other invalid body. */
final class Bodies {

    private Bodies() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new ValidationException("A JSON body is required", List.of("body: required"));
        }
        return body;
    }
}
