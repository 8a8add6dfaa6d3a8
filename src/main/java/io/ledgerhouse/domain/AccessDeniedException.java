package io.ledgerhouse.domain;

/** The caller may not see or do this (a team member asking for another team's data): answered with 403. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
