package io.ledgerhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ledgerhouse.collect.files.engine.ImportProblem;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). Besides type, title, status and detail it may name
 * the offending parameter, list the problems of a rejected import, or the field errors of a rejected body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String parameter,
        Long importRun,
        Long problemCount,
        List<ImportProblem> problems,
        List<String> errors) {

    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null, null, null, null, null);
    }
}
