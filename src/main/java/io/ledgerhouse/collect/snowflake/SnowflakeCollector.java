package io.ledgerhouse.collect.snowflake;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.CollectorRuns;
import io.ledgerhouse.collect.engine.CollectionWindow;
import io.ledgerhouse.collect.snowflake.engine.AccountUsageSql;
import io.ledgerhouse.collect.snowflake.engine.AccountUsageView;
import io.ledgerhouse.collect.snowflake.engine.CreditPrice;
import io.ledgerhouse.collect.snowflake.engine.SnowflakeCharges;
import io.ledgerhouse.collect.snowflake.engine.ViewField;
import io.ledgerhouse.collect.snowflake.engine.WarehouseSettings;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.store.ChargeRestatement;
import io.ledgerhouse.store.CollectorRun;
import io.ledgerhouse.store.CollectorWatermarkRepository;
import io.ledgerhouse.store.SnowflakeMeteringStore;
import io.ledgerhouse.store.SnowflakeViewLoader;
import io.ledgerhouse.store.WarehouseSettingsStore;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * <p>Views collected so far: QUERY_HISTORY (re-read 3 days), QUERY_ATTRIBUTION_HISTORY (2 days),
 * WAREHOUSE_EVENTS_HISTORY, WAREHOUSE_LOAD_HISTORY, METERING_HISTORY (7 days), DATABASE_STORAGE_USAGE_HISTORY
 * (3 days), WAREHOUSE_METERING_HISTORY and METERING_DAILY_HISTORY (7 days). A view the account cannot read (edition,
 * privileges) is reported as unavailable on the run and the source's health; the rest is collected. From the metering the
 * account's charges (warehouse compute and cloud services per hour, the daily cloud-services adjustment) are rebuilt
 * for every day the run re-read, in the same transaction, priced at the account's price per credit.
 */
@ApplicationScoped
public class SnowflakeCollector {

    static final Duration RATE_SHEET_REREAD = Duration.ofDays(62);
    /** Snowflake's codes for "does not exist or not authorized" and "insufficient privileges". */
    private static final java.util.Set<Integer> UNREADABLE = java.util.Set.of(2003, 3001);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CollectorWatermarkRepository watermarks;
    @Inject
    CollectorRuns runs;
    @Inject
    SnowflakeConfig config;
    @Inject
    jakarta.enterprise.event.Event<io.ledgerhouse.domain.ChargesChanged> changes;

    /** Opens a session to the account being collected. */
    @FunctionalInterface
    public interface Session {
        Connection open() throws SQLException;
    }

    /** The outcome of one run; {@code unavailable} names the views the account could not read, and why. */
    public record RunReport(long runId, String source, String status, Map<String, Long> rowsByView,
            Map<String, String> unavailable, String error) implements io.ledgerhouse.collect.CollectorReport {
    }

    private record Collected(Map<String, Long> rows, Map<String, String> unavailable, LocalDate chargesFrom) {
    }

    /** Collects the configured account {@code sourceName} through {@code session}, priced as configured. */
    public RunReport collect(String sourceName, Session session) {
        SnowflakeConfig.Account account = config.accounts().get(sourceName);
        if (account == null) {
            throw new io.ledgerhouse.domain.NotFoundException("no Snowflake account named '" + sourceName
                    + "' is configured");
        }
        return collect(sourceName, session, new Pricing(account.pricePerCredit(), account.currency(),
                account.storagePricePerTbMonth()));
    }

    /** How the account's credits become money. */
    public record Pricing(java.math.BigDecimal pricePerCredit, String currency,
            java.math.BigDecimal storagePricePerTbMonth) {
    }

    /** As {@link #collect(String, Session)}, with explicit pricing. */
    public RunReport collect(String sourceName, Session session, Pricing pricing) {
        CollectorRuns.Started started = runs.start(sourceName, "SNOWFLAKE");
        Instant now = started.at();
        long sourceId = started.sourceId();
        long runId = started.runId();
        try {
            Collected collected = QuarkusTransaction.requiringNew()
                    .timeout(Math.toIntExact(config.runTimeout().toSeconds()))
                    .call(() -> collectAll(sourceName, sourceId, session, pricing, now));
            runs.succeeded(runId, collected.rows(), collected.unavailable(), null);
            changes.fire(new io.ledgerhouse.domain.ChargesChanged(sourceName, collected.chargesFrom(),
                    LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)));
            return new RunReport(runId, sourceName, CollectorRun.SUCCEEDED, collected.rows(), collected.unavailable(),
                    null);
        } catch (RuntimeException e) {
            Throwable cause = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException) {
                    cause = t; // the transaction wrapper says less than the driver's or the store's own error
                    break;
                }
            }
            String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            Log.warnf("Snowflake collection for %s failed; the store is unchanged and the next run resumes from the "
                    + "same watermarks: %s", sourceName, error);
            runs.failed(runId, error, null);
            return new RunReport(runId, sourceName, CollectorRun.FAILED, Map.of(), Map.of(), error);
        }
    }

    private Collected collectAll(String sourceName, long sourceId, Session session, Pricing pricing, Instant now)
            throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        LocalDate from;
        try (Connection store = dataSource.getConnection(); Connection snowflake = session.open()) {
            // one run per source at a time, across replicas: a second one waits, then re-reads from the new watermarks
            try (java.sql.PreparedStatement lock = store.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, "ledgerhouse.collect".hashCode());
                lock.setInt(2, Math.toIntExact(sourceId));
                lock.execute();
            }
            // charges are rebuilt from the first day the metering views re-read (known before they move on)
            from = java.util.stream.Stream.of(AccountUsageView.WAREHOUSE_METERING,
                            AccountUsageView.METERING_DAILY)
                    .map(v -> SnowflakeCharges.firstDay(window(sourceId, v, now)))
                    .min(LocalDate::compareTo).orElseThrow();

            collectRateSheet(snowflake, store, sourceId, now, rows, unavailable);
            for (AccountUsageView view : AccountUsageView.all(config.queryTextLength())) {
                collectView(snowflake, store, sourceId, view, now, rows, unavailable);
            }
            collectLastReads(snowflake, store, sourceId, now, rows, unavailable);
            collectSnapshot(snowflake, store, sourceId,
                    AccountUsageView.tableStorage(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)), now, rows,
                    unavailable);

            // charges of every day this run re-read, from what the store now holds
            Map<LocalDate, CreditPrice> rates = SnowflakeMeteringStore.computeRatesSince(store, sourceId, from);
            CreditPrice configured = new CreditPrice(pricing.pricePerCredit(), pricing.currency());
            List<ChargeRow> charges = new ArrayList<>(SnowflakeCharges.derive(sourceName,
                    SnowflakeMeteringStore.hoursSince(store, sourceId, from),
                    SnowflakeMeteringStore.daysSince(store, sourceId, from), rates, configured));
            charges.addAll(SnowflakeCharges.serverless(sourceName,
                    SnowflakeMeteringStore.serviceMeteringSince(store, sourceId, from), rates, configured));
            charges.addAll(SnowflakeCharges.storage(sourceName, SnowflakeMeteringStore.storageSince(store, sourceId, from),
                    pricing.storagePricePerTbMonth(), pricing.currency()));
            ChargeRestatement.replaceChargesSince(store, sourceId, from, charges);
            rows.put("charges", (long) charges.size());

            List<WarehouseSettings> observed = showWarehouses(snowflake);
            WarehouseSettings.Changes changes = WarehouseSettings.diff(
                    WarehouseSettingsStore.inForce(store, sourceId), observed);
            WarehouseSettingsStore.apply(store, sourceId, changes, now);
            rows.put("SHOW WAREHOUSES", (long) observed.size());
        }
        return new Collected(rows, unavailable, from);
    }

    /**
     * RATE_SHEET_DAILY (organization level): re-reads the current and previous month, as Snowflake restates them.
     * Many contracts cannot read it; then it is reported unavailable and the configured price applies.
     */
    private void collectRateSheet(Connection snowflake, Connection store, long sourceId, Instant now,
            Map<String, Long> rows, Map<String, String> unavailable) throws SQLException {
        String view = "RATE_SHEET_DAILY";
        CollectionWindow window = CollectionWindow.next(watermarks.watermark(sourceId, view), RATE_SHEET_REREAD,
                config.initialLookback(), now);
        List<io.ledgerhouse.collect.snowflake.engine.RateSheetRow> rates = new ArrayList<>();
        boolean readable = read(snowflake, view, AccountUsageSql.rateSheet(window), unavailable, rs -> {
            while (rs.next()) {
                rates.add(new io.ledgerhouse.collect.snowflake.engine.RateSheetRow(rs.getDate(1).toLocalDate(),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5)));
            }
        });
        if (!readable) {
            return;
        }
        SnowflakeMeteringStore.upsertRates(store, sourceId, rates, now);
        watermarks.advance(sourceId, view, window.to(), now);
        rows.put(view, (long) rates.size());
    }

    /**
     * ACCESS_HISTORY (Enterprise edition) reduced to each table's last read in the window. Overwriting is monotonic: the
     * window reaches to now, so a table read in it has a newer last read than any stored one.
     */
    private void collectLastReads(Connection snowflake, Connection store, long sourceId, Instant now,
            Map<String, Long> rows, Map<String, String> unavailable) throws SQLException {
        AccountUsageView view = AccountUsageView.TABLE_LAST_READ;
        CollectionWindow window = window(sourceId, view, now);
        if (read(snowflake, view.view(), AccountUsageSql.lastReadPerTable(window), unavailable,
                rs -> rows.put(view.view(), SnowflakeViewLoader.load(store, view, sourceId, rs, now)))) {
            watermarks.advance(sourceId, view.view(), window.to(), now);
        }
    }

    /** Reads a current-state view as today's snapshot (a later run the same day replaces it). */
    private static void collectSnapshot(Connection snowflake, Connection store, long sourceId, AccountUsageView view,
            Instant now, Map<String, Long> rows, Map<String, String> unavailable) throws SQLException {
        String sql = AccountUsageSql.snapshot(view.view(), view.fields().stream().map(ViewField::expression).toList());
        read(snowflake, view.view(), sql, unavailable,
                rs -> rows.put(view.view(), SnowflakeViewLoader.load(store, view, sourceId, rs, now)));
    }

    /** Hands the rows of {@code sql} to {@code consumer}; false, with the reason noted, when the view is unreadable. */
    private static boolean read(Connection snowflake, String view, String sql, Map<String, String> unavailable,
            RowsConsumer consumer) throws SQLException {
        try (Statement s = snowflake.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            consumer.accept(rs);
            return true;
        } catch (SQLException e) {
            if (!UNREADABLE.contains(e.getErrorCode())) {
                throw e;
            }
            unavailable.put(view, e.getMessage());
            return false;
        }
    }

    @FunctionalInterface
    private interface RowsConsumer {
        void accept(ResultSet rows) throws SQLException;
    }

    /** The window this run reads from {@code view}: from its watermark less its re-read window, to now. */
    private CollectionWindow window(long sourceId, AccountUsageView view, Instant now) {
        return CollectionWindow.next(watermarks.watermark(sourceId, view.view()), view.reread(),
                config.initialLookback(), now);
    }

    /** Reads one view's window into its table and moves its watermark; an unreadable view is noted, not fatal. */
    private void collectView(Connection snowflake, Connection store, long sourceId, AccountUsageView view, Instant now,
            Map<String, Long> rows, Map<String, String> unavailable) throws SQLException {
        CollectionWindow window = window(sourceId, view, now);
        String sql = AccountUsageSql.select(view.view(), view.fields().stream().map(ViewField::expression).toList(),
                view.timeColumn(), window);
        if (read(snowflake, view.view(), sql, unavailable,
                rs -> rows.put(view.view(), SnowflakeViewLoader.load(store, view, sourceId, rs, now)))) {
            watermarks.advance(sourceId, view.view(), window.to(), now);
        }
    }

    /** SHOW WAREHOUSES, read by column name (its columns grow with Snowflake releases). */
    private static List<WarehouseSettings> showWarehouses(Connection snowflake) throws SQLException {
        List<WarehouseSettings> out = new ArrayList<>();
        try (Statement s = snowflake.createStatement(); ResultSet rs = s.executeQuery("SHOW WAREHOUSES")) {
            java.util.Set<String> columns = new java.util.HashSet<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            while (rs.next()) {
                out.add(new WarehouseSettings(rs.getString("name"), text(rs, columns, "size"),
                        text(rs, columns, "type"), text(rs, columns, "resource_constraint"),
                        integer(rs, columns, "auto_suspend"), bool(rs, columns, "auto_resume"),
                        integer(rs, columns, "min_cluster_count"), integer(rs, columns, "max_cluster_count"),
                        text(rs, columns, "scaling_policy"), bool(rs, columns, "enable_query_acceleration"),
                        integer(rs, columns, "query_acceleration_max_scale_factor")));
            }
        }
        return out;
    }

    private static String text(ResultSet rs, java.util.Set<String> columns, String name) throws SQLException {
        return columns.contains(name) ? rs.getString(name) : null;
    }

    private static Integer integer(ResultSet rs, java.util.Set<String> columns, String name) throws SQLException {
        String v = text(rs, columns, name);
        return v == null || v.isBlank() || v.equalsIgnoreCase("null") ? null : Integer.valueOf(v.strip());
    }

    private static Boolean bool(ResultSet rs, java.util.Set<String> columns, String name) throws SQLException {
        String v = text(rs, columns, name);
        return v == null || v.isBlank() ? null : Boolean.valueOf(v.strip());
    }
}
