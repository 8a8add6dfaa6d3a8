package io.ledgerhouse.advise.engine;

import java.time.Instant;

/**
 * One table as the latest TABLE_STORAGE_METRICS snapshot shows it, with its last read from ACCESS_HISTORY (null when
 * no read was seen) and its DATA_RETENTION_TIME_IN_DAYS when known (null: the store does not know it). Bytes are
 * compressed bytes as Snowflake bills them.
 */
public record StoredTable(long tableId, String database, String schema, String name, boolean isTransient,
        long activeBytes, long timeTravelBytes, long failsafeBytes, long retainedForCloneBytes, Instant created,
        Instant dropped, Instant lastRead, Integer retentionDays) {

    /** {@code DATABASE.SCHEMA.TABLE}, unquoted: the recommendation's target. */
    public String qualifiedName() {
        return database + "." + schema + "." + name;
    }

    public long billedBytes() {
        return activeBytes + timeTravelBytes + failsafeBytes + retainedForCloneBytes;
    }
}
