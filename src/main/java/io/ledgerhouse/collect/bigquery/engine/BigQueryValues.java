package io.ledgerhouse.collect.bigquery.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** BigQuery's REST values as text: numbers and timestamps arrive as strings. */
public final class BigQueryValues {

    private BigQueryValues() {
    }

    /**
     * A TIMESTAMP cell: epoch seconds as a decimal or float string ("1.7301312E9", the default format) or epoch
     * microseconds as an integer string (when int64 timestamps were asked for); null stays null.
     */
    public static Instant timestamp(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.indexOf('.') < 0 && raw.indexOf('E') < 0 && raw.indexOf('e') < 0) {
            long micros = Long.parseLong(raw);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        }
        BigDecimal micros = new BigDecimal(raw).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
        long m = micros.longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    }

    /** An INT64 cell as plain text (BigQuery sends "123"); null stays null. */
    public static String integer(String raw) {
        return raw == null || raw.isEmpty() ? null : new BigDecimal(raw).toBigIntegerExact().toString();
    }
}
