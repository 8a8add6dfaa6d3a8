package io.ledgerhouse.collect.snowflake.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One DATABASE_STORAGE_USAGE_HISTORY row: a database's average bytes on one day, fail-safe apart. */
public record DatabaseStorageDay(LocalDate usageDate, long databaseId, String databaseName,
        BigDecimal averageDatabaseBytes, BigDecimal averageFailsafeBytes) {
}
