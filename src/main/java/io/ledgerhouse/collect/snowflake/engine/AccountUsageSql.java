package io.ledgerhouse.collect.snowflake.engine;

import java.time.Instant;
import java.util.List;

/**
 * The statements the collector sends to Snowflake. Time bounds are written as epoch milliseconds
 * ({@code TO_TIMESTAMP_LTZ(ms, 3)}), which leaves no room for date-format or time-zone interpretation.
 */
public final class AccountUsageSql {

    private AccountUsageSql() {
    }

    /** SELECT the columns of {@code view} whose {@code timeColumn} lies in the window, oldest first. */
    public static String select(String view, List<String> columns, String timeColumn, CollectionWindow window) {
        return "SELECT " + String.join(", ", columns) + " FROM SNOWFLAKE.ACCOUNT_USAGE." + view
                + " WHERE " + timeColumn + " >= " + timestamp(window.from())
                + " AND " + timeColumn + " < " + timestamp(window.to())
                + " ORDER BY " + timeColumn;
    }

    static String timestamp(Instant t) {
        return "TO_TIMESTAMP_LTZ(" + t.toEpochMilli() + ", 3)";
    }
}
