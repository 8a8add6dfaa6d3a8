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

    /** SELECT the columns of a current-state view's rows that still hold bytes. */
    public static String snapshot(String view, List<String> columns) {
        return "SELECT " + String.join(", ", columns) + " FROM SNOWFLAKE.ACCOUNT_USAGE." + view
                + " WHERE ACTIVE_BYTES + TIME_TRAVEL_BYTES + FAILSAFE_BYTES + RETAINED_FOR_CLONE_BYTES > 0";
    }

    /** RATE_SHEET_DAILY rows of the account the session is on, for the window's days. */
    public static String rateSheet(CollectionWindow window) {
        return "SELECT DATE, SERVICE_TYPE, USAGE_TYPE, CURRENCY, EFFECTIVE_RATE"
                + " FROM SNOWFLAKE.ORGANIZATION_USAGE.RATE_SHEET_DAILY"
                + " WHERE ACCOUNT_LOCATOR = CURRENT_ACCOUNT()"
                + " AND DATE >= " + timestamp(window.from()) + " AND DATE < " + timestamp(window.to())
                + " ORDER BY DATE";
    }

    static String timestamp(Instant t) {
        return "TO_TIMESTAMP_LTZ(" + t.toEpochMilli() + ", 3)";
    }
}
