package io.ledgerhouse.domain;

/** A request parameter that cannot be used as given; the message says what is wrong and what is accepted. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
