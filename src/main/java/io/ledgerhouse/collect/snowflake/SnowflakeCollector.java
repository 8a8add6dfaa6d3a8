package io.ledgerhouse.collect.snowflake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.snowflake.engine.AccountUsageSql;
import io.ledgerhouse.collect.snowflake.engine.CollectionWindow;
import io.ledgerhouse.collect.snowflake.engine.WarehouseHourMetering;
import io.ledgerhouse.store.CollectorRun;
import io.ledgerhouse.store.CollectorRunRepository;
import io.ledgerhouse.store.CollectorWatermarkRepository;
import io.ledgerhouse.store.SourceRepository;
import io.ledgerhouse.store.WarehouseMeteringStore;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a Snowflake account's ACCOUNT_USAGE views into the store. A run is one transaction: every view read, every
 * upsert and every watermark move commit together or not at all, so a failed run leaves the store as it was and the
 * next run, starting from the unchanged watermarks, catches up. Each view is re-read from its watermark minus its
 * re-read window (Snowflake's latency), and its rows are upserted on their natural key, so overlaps and duplicates
 * served by the view never duplicate rows.
 *
 * <p>Views collected so far: WAREHOUSE_METERING_HISTORY (re-read 7 days).
 */
@ApplicationScoped
public class SnowflakeCollector {

    static final Duration METERING_REREAD = Duration.ofDays(7);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    CollectorWatermarkRepository watermarks;
    @Inject
    CollectorRunRepository runs;
    @Inject
    SnowflakeConfig config;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    /** Opens a session to the account being collected. */
    @FunctionalInterface
    public interface Session {
        Connection open() throws SQLException;
    }

    /** The outcome of one run. */
    public record RunReport(long runId, String source, String status, Map<String, Long> rowsByView, String error) {
    }

    /** Collects the account behind {@code session} into the source {@code sourceName}. */
    public RunReport collect(String sourceName, Session session) {
        Instant now = clock.instant();
        long sourceId = QuarkusTransaction.requiringNew()
                .call(() -> sources.findOrCreate(sourceName, "SNOWFLAKE", now).id);
        long runId = QuarkusTransaction.requiringNew().call(() -> {
            CollectorRun run = new CollectorRun();
            run.sourceId = sourceId;
            run.status = CollectorRun.RUNNING;
            run.startedAt = now;
            runs.persist(run);
            return run.id;
        });
        try {
            Map<String, Long> rows = QuarkusTransaction.requiringNew()
                    .timeout(Math.toIntExact(config.runTimeout().toSeconds()))
                    .call(() -> collectAll(sourceId, session, now));
            finish(runId, CollectorRun.SUCCEEDED, rows, null);
            return new RunReport(runId, sourceName, CollectorRun.SUCCEEDED, rows, null);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null && e.getMessage() != null && e.getMessage().contains(
                    e.getCause().getClass().getName()) ? e.getCause() : e;
            String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            Log.warnf("Snowflake collection for %s failed; the store is unchanged and the next run resumes from the "
                    + "same watermarks: %s", sourceName, error);
            finish(runId, CollectorRun.FAILED, null, error);
            return new RunReport(runId, sourceName, CollectorRun.FAILED, Map.of(), error);
        }
    }

    private Map<String, Long> collectAll(long sourceId, Session session, Instant now) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection snowflake = session.open(); Connection store = dataSource.getConnection()) {
            CollectionWindow window = CollectionWindow.next(watermarks.watermark(sourceId, WarehouseHourMetering.VIEW),
                    METERING_REREAD, config.initialLookback(), now);
            Collection<WarehouseHourMetering> metering = WarehouseHourMetering.distinct(readMetering(snowflake, window));
            WarehouseMeteringStore.upsert(store, sourceId, metering, now);
            watermarks.advance(sourceId, WarehouseHourMetering.VIEW, window.to(), now);
            rows.put(WarehouseHourMetering.VIEW, (long) metering.size());
        }
        return rows;
    }

    private static List<WarehouseHourMetering> readMetering(Connection snowflake, CollectionWindow window)
            throws SQLException {
        String sql = AccountUsageSql.select(WarehouseHourMetering.VIEW, WarehouseHourMetering.COLUMNS, "START_TIME",
                window);
        List<WarehouseHourMetering> out = new ArrayList<>();
        try (Statement s = snowflake.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new WarehouseHourMetering(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8)));
            }
        }
        return out;
    }

    private void finish(long runId, String status, Map<String, Long> rows, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            CollectorRun run = runs.findById(runId);
            run.status = status;
            run.finishedAt = clock.instant();
            run.rowsByView = rows == null ? null : json.valueToTree(rows);
            run.error = error;
        });
    }
}
