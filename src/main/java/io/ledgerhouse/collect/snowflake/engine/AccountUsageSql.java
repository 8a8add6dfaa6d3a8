package io.ledgerhouse.collect.snowflake.engine;

import io.ledgerhouse.collect.engine.CollectionWindow;
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

    /**
     * ACCESS_HISTORY reduced to the last read of each table in the window: the base objects each query read, flattened,
     * tables only, latest query start per table.
     */
    public static String lastReadPerTable(CollectionWindow window) {
        return "SELECT f.value:\"objectId\"::NUMBER AS OBJECT_ID, MAX(f.value:\"objectName\"::STRING) AS OBJECT_NAME,"
                + " MAX(ah.QUERY_START_TIME) AS LAST_READ"
                + " FROM SNOWFLAKE.ACCOUNT_USAGE.ACCESS_HISTORY ah,"
                + " LATERAL FLATTEN(input => ah.BASE_OBJECTS_ACCESSED) f"
                + " WHERE ah.QUERY_START_TIME >= " + timestamp(window.from())
                + " AND ah.QUERY_START_TIME < " + timestamp(window.to())
                + " AND f.value:\"objectDomain\"::STRING = 'Table'"
                + " GROUP BY 1";
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
