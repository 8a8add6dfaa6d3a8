package io.ledgerhouse.collect.files.engine;

/**
 * One thing wrong with an input file: the physical line (1-based; 1 is the header, 0 when the problem concerns the
 * whole file), the column it concerns (null when none does) and why.
 */
public record ImportProblem(long line, String column, String reason) {

    @Override
    public String toString() {
        return "line " + line + (column == null ? "" : ", column " + column) + ": " + reason;
    }
}
