package io.ledgerhouse.advise.engine;

/**
 * Statements on tables the storage advice carries. Every identifier is a double-quoted Snowflake identifier with each
 * embedded {@code "} doubled (see {@link AlterWarehouseSql#quoteIdentifier}), so a name such as {@code a"b; drop}
 * stays one identifier; numbers are range-checked ints. No name ever appears in a comment.
 */
public final class TableSql {

    /** Suffix of the transient copy made while converting a table. */
    static final String TRANSIENT_SUFFIX = "_TRANSIENT";

    private TableSql() {
    }

    /** {@code "db"."schema"."table"}. */
    public static String qualified(String database, String schema, String table) {
        return AlterWarehouseSql.quoteIdentifier(database) + "." + AlterWarehouseSql.quoteIdentifier(schema) + "."
                + AlterWarehouseSql.quoteIdentifier(table);
    }

    /** {@code ALTER TABLE "db"."schema"."table" SET DATA_RETENTION_TIME_IN_DAYS = n}, n in 0..90. */
    public static String retention(String database, String schema, String table, int days) {
        if (days < 0 || days > 90) {
            throw new IllegalArgumentException("DATA_RETENTION_TIME_IN_DAYS is 0 to 90");
        }
        return "ALTER TABLE " + qualified(database, schema, table) + " SET DATA_RETENTION_TIME_IN_DAYS = " + days;
    }

    /**
     * Snowflake cannot ALTER a permanent table to transient: the table is recreated as a transient copy (same columns,
     * grants kept), filled, swapped in, and the old permanent table dropped. Run it while nothing writes the table.
     */
    public static String toTransient(String database, String schema, String table) {
        if (table != null && table.length() + TRANSIENT_SUFFIX.length() > 255) {
            throw new IllegalArgumentException("the table name is too long for a transient copy beside it");
        }
        String old = qualified(database, schema, table);
        String copy = qualified(database, schema, table + TRANSIENT_SUFFIX);
        return "-- Snowflake cannot ALTER a table to TRANSIENT: recreate it, swap, drop the permanent one.\n"
                + "-- Pause the jobs that write the table first; the dropped table stays in fail-safe for 7 days.\n"
                + "CREATE TRANSIENT TABLE " + copy + " LIKE " + old + " COPY GRANTS;\n"
                + "INSERT INTO " + copy + " SELECT * FROM " + old + ";\n"
                + "ALTER TABLE " + old + " SWAP WITH " + copy + ";\n"
                + "DROP TABLE " + copy + ";";
    }

    /** Dropping an unread table (UNDROP brings it back within its retention). */
    public static String drop(String database, String schema, String table) {
        return "-- Unread for a long time: confirm with the owners, or archive it (storage lifecycle policy, COOL or "
                + "COLD tier) instead.\n"
                + "DROP TABLE " + qualified(database, schema, table) + ";";
    }
}
