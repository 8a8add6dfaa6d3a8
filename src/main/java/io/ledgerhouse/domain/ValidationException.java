package io.ledgerhouse.domain;

import java.util.List;

/** A request body that cannot be accepted; each problem names its field and says what is wrong. */
public class ValidationException extends RuntimeException {

    private final List<String> problems;

    public ValidationException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
