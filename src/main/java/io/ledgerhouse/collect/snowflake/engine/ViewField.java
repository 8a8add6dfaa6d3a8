package io.ledgerhouse.collect.snowflake.engine;

/**
 * One column the collector reads from an ACCOUNT_USAGE view: the store column it lands in, the expression selected,
 * and whether it is a timestamp (read as an instant, stored as timestamptz).
 */
public record ViewField(String column, String expression, boolean timestamp) {

    /** A field; columns named {@code start_time} or {@code end_time} are timestamps. */
    public ViewField(String column, String expression) {
        this(column, expression, column.equals("start_time") || column.equals("end_time"));
    }
}
