package io.ledgerhouse.collect.bigquery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.CollectorRuns;
import io.ledgerhouse.collect.bigquery.engine.BigQueryCharges;
import io.ledgerhouse.collect.bigquery.engine.BigQueryValues;
import io.ledgerhouse.collect.bigquery.engine.InformationSchemaView;
import io.ledgerhouse.collect.bigquery.engine.PriceSheet;
import io.ledgerhouse.collect.bigquery.engine.ReservationPricing;
import io.ledgerhouse.collect.engine.CollectionWindow;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.ChargesChanged;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.store.BigQueryStore;
import io.ledgerhouse.store.BigQueryViewLoader;
import io.ledgerhouse.store.ChargeRestatement;
import io.ledgerhouse.store.CollectorRun;
import io.ledgerhouse.store.CollectorWatermarkRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Collects a BigQuery project's INFORMATION_SCHEMA views into the store, with the Snowflake collector's guarantees: a
 * run is one transaction (every view read, every upsert, every watermark move and the rebuilt charges commit together
 * or not at all), so a failed run leaves the store as it was and the next one resumes from the same watermarks. Each
 * windowed view is read per region from its watermark (per project, region and view) minus its re-read window, and
 * upserted on its natural key, so late rows are caught and overlaps never duplicate. A view the credentials may not
 * read (403 accessDenied) is reported as unavailable on the run and the source's health; the rest is collected.
 */
@ApplicationScoped
public class BigQueryCollector {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CollectorWatermarkRepository watermarks;
    @Inject
    CollectorRuns runs;
    @Inject
    BigQueryConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Event<ChargesChanged> changes;

    /** Opens a client to the project being collected. */
    @FunctionalInterface
    public interface Session {
        BigQuery open();
    }

    /** The outcome of one run; {@code unavailable} names the views (region/view) that could not be read, and why. */
    public record RunReport(long runId, String source, String status, Map<String, Long> rowsByView,
            Map<String, String> unavailable, String error) {
    }

    private record Collected(Map<String, Long> rows, Map<String, String> unavailable, LocalDate chargesFrom) {
    }

    /** Collects the configured project {@code sourceName} through {@code session}. */
    public RunReport collect(String sourceName, Session session) {
        BigQueryConfig.Project project = config.projects().get(sourceName);
        if (project == null) {
            throw new NotFoundException("no BigQuery project named '" + sourceName + "' is configured");
        }
        return collect(sourceName, project, session);
    }

    /**
     * Collects {@code project} as source {@code sourceName} through {@code session}, whether or not it is configured:
     * the trial's demo project is not (a configured project would be collected on schedule against a server that
     * lives only while the demo loads).
     */
    public RunReport collect(String sourceName, BigQueryConfig.Project project, Session session) {
        CollectorRuns.Started started = runs.start(sourceName, "BIGQUERY");
        Instant now = started.at();
        long sourceId = started.sourceId();
        long runId = started.runId();
        try {
            Collected collected = QuarkusTransaction.requiringNew()
                    .timeout(Math.toIntExact(config.runTimeout().toSeconds()))
                    .call(() -> collectAll(sourceName, project, sourceId, session, now));
            runs.succeeded(runId, collected.rows(), collected.unavailable(), null);
            analyze();
            changes.fire(new ChargesChanged(sourceName, collected.chargesFrom(), LocalDate.ofInstant(now,
                    ZoneOffset.UTC)));
            return new RunReport(runId, sourceName, CollectorRun.SUCCEEDED, collected.rows(),
                    collected.unavailable(), null);
        } catch (RuntimeException e) {
            Throwable cause = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BigQueryException || t instanceof SQLException) {
                    cause = t; // the transaction wrapper says less than the client's or the store's own error
                    break;
                }
            }
            String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            Log.warnf("BigQuery collection for %s failed; the store is unchanged and the next run resumes from the "
                    + "same watermarks: %s", sourceName, error);
            runs.failed(runId, error, null);
            return new RunReport(runId, sourceName, CollectorRun.FAILED, Map.of(), Map.of(), error);
        }
    }

    private Collected collectAll(String sourceName, BigQueryConfig.Project project, long sourceId, Session session,
            Instant now) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> unavailable = new TreeMap<>();
        String projectId = project.project(sourceName);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        BigQuery bigquery = session.open();
        LocalDate from;
        try (Connection store = dataSource.getConnection()) {
            // one run per source at a time, across replicas: a second one waits, then re-reads from the new watermarks
            try (PreparedStatement lock = store.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, "ledgerhouse.collect".hashCode());
                lock.setInt(2, Math.toIntExact(sourceId));
                lock.execute();
            }
            Instant earliest = now;
            for (String region : project.regions()) {
                for (InformationSchemaView view : InformationSchemaView.all()) {
                    if (view.admin() && project.adminProject().isEmpty()) {
                        continue;
                    }
                    String target = view.admin() ? project.adminProject().get() : projectId;
                    String label = region + "/" + view.name();
                    if (view.windowed()) {
                        CollectionWindow window = CollectionWindow.next(watermarks.watermark(sourceId,
                                view.watermarkName(target, region)), view.reread(), config.initialLookback(), now);
                        if (window.from().isBefore(earliest)) {
                            earliest = window.from();
                        }
                        QueryJobConfiguration query = QueryJobConfiguration.newBuilder(view.sql(target, region))
                                .setUseLegacySql(false).setUseQueryCache(false).setMaxResults(config.pageSize())
                                .addNamedParameter("from", timestamp(window.from()))
                                .addNamedParameter("to", timestamp(window.to())).build();
                        Long n = read(bigquery, query, label, unavailable, result -> BigQueryViewLoader.load(store,
                                view.table(), columns(view), view.key(), view.partitionColumn(),
                                rows(result, view, prefix(sourceId, now, target, region, view))));
                        if (n != null) {
                            rows.merge(label, n, Long::sum);
                            watermarks.advance(sourceId, view.watermarkName(target, region), window.to(), now);
                        }
                    } else {
                        QueryJobConfiguration query = QueryJobConfiguration.newBuilder(view.sql(target, region))
                                .setUseLegacySql(false).setUseQueryCache(false).setMaxResults(config.pageSize())
                                .addNamedParameter("project", QueryParameterValue.string(target)).build();
                        Long n = read(bigquery, query, label, unavailable, result -> loadSnapshot(store, view, result,
                                sourceId, now, target, region, today));
                        if (n != null) {
                            rows.merge(label, n, Long::sum);
                        }
                    }
                }
            }
            from = BigQueryCharges.rebuildFrom(earliest);
            Function<String, PriceSheet> prices = config::priceSheet;
            List<ChargeRow> charges = new ArrayList<>(BigQueryCharges.onDemand(sourceName,
                    BigQueryStore.onDemandDaysSince(store, sourceId, from), prices, project.freeTibPerMonth(),
                    project.currency()));
            charges.addAll(BigQueryCharges.reservations(sourceName, ReservationPricing.price(
                    BigQueryStore.reservationMinutesSince(store, sourceId, from),
                    BigQueryStore.commitmentChanges(store, sourceId), prices), project.currency()));
            charges.addAll(BigQueryCharges.storage(sourceName, BigQueryStore.storageDaysSince(store, sourceId, from),
                    prices, project.currency()));
            ChargeRestatement.replaceChargesSince(store, sourceId, from, charges);
            rows.put("charges", (long) charges.size());
        }
        return new Collected(rows, unavailable, from);
    }

    /**
     * Refreshes the planner's statistics of the tables a run loaded. Until autovacuum gets to them they describe the
     * tables as last seen (empty after a first run), and the allocation and advice refresh that follow a run join the
     * rows just loaded: planned on stale statistics, the advisor's per-job reservation costs took over a minute for
     * 15,000 job-minutes instead of 0.2 s. Run after the commit, so that its lock (which blocks no reads or writes,
     * but a concurrent ANALYZE) is held for the ANALYZE alone; a failure costs only speed.
     */
    private void analyze() {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("ANALYZE " + String.join(", ", new java.util.TreeSet<>(InformationSchemaView.all().stream()
                    .map(InformationSchemaView::table).toList())));
        } catch (SQLException e) {
            Log.warnf("Statistics of the BigQuery tables could not be refreshed after a run: %s", e.getMessage());
        }
    }

    private static QueryParameterValue timestamp(Instant t) {
        return QueryParameterValue.timestamp(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
    }

    @FunctionalInterface
    private interface ResultLoader {
        long load(TableResult result) throws SQLException;
    }

    /** Runs {@code query} and hands its result to {@code loader}; null, with the reason noted, when access is denied. */
    private static Long read(BigQuery bigquery, QueryJobConfiguration query, String label,
            Map<String, String> unavailable, ResultLoader loader) throws SQLException {
        TableResult result;
        try {
            result = bigquery.query(query);
        } catch (BigQueryException e) {
            if (e.getCode() == 403 || "accessDenied".equals(e.getReason())) {
                unavailable.put(label, e.getMessage());
                return null;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + label, e);
        }
        return loader.load(result);
    }

    /** The store columns of a windowed view: the run's prefix, then the view's fields. */
    private static List<String> columns(InformationSchemaView view) {
        List<String> out = new ArrayList<>(List.of("source_id", "collected_at"));
        out.addAll(prefixColumns(view));
        view.fields().forEach(f -> out.add(f.column()));
        return out;
    }

    private static List<String> prefixColumns(InformationSchemaView view) {
        return switch (view.name()) {
            case InformationSchemaView.JOBS -> List.of("project_id", "region");
            case InformationSchemaView.JOBS_TIMELINE -> List.of("project_id");
            case InformationSchemaView.RESERVATIONS_TIMELINE -> List.of("admin_project_id", "region");
            case InformationSchemaView.CAPACITY_COMMITMENT_CHANGES -> List.of("admin_project_id", "region");
            default -> List.of("project_id", "snapshot_date", "region");
        };
    }

    private static String[] prefix(long sourceId, Instant now, String project, String region,
            InformationSchemaView view) {
        List<String> out = new ArrayList<>(List.of(Long.toString(sourceId), now.toString()));
        for (String c : prefixColumns(view)) {
            out.add(switch (c) {
                case "region" -> region;
                case "snapshot_date" -> LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
                default -> project;
            });
        }
        return out.toArray(String[]::new);
    }

    /** The result's rows as store rows, converted as they stream (pages are fetched as the iterator reaches them). */
    private Iterator<String[]> rows(TableResult result, InformationSchemaView view, String[] prefix) {
        Iterator<FieldValueList> it = result.iterateAll().iterator();
        List<InformationSchemaView.Field> fields = view.fields();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public String[] next() {
                FieldValueList row = it.next();
                String[] out = new String[prefix.length + fields.size()];
                System.arraycopy(prefix, 0, out, 0, prefix.length);
                for (int i = 0; i < fields.size(); i++) {
                    out[prefix.length + i] = text(row.get(i), fields.get(i).kind());
                }
                return out;
            }
        };
    }

    private String text(FieldValue v, InformationSchemaView.Kind kind) {
        if (v == null || v.isNull()) {
            return kind == InformationSchemaView.Kind.LABELS ? "{}" : kind == InformationSchemaView.Kind.TABLES
                    ? "[]" : null;
        }
        return switch (kind) {
            case STRING, BOOLEAN -> v.getStringValue();
            case INTEGER -> BigQueryValues.integer(v.getStringValue());
            case TIMESTAMP -> BigQueryValues.timestamp(v.getStringValue()).toString();
            case LABELS -> {
                ObjectNode o = json.createObjectNode();
                for (FieldValue label : v.getRepeatedValue()) {
                    FieldValueList kv = label.getRecordValue();
                    o.put(kv.get(0).getStringValue(), kv.get(1).isNull() ? null : kv.get(1).getStringValue());
                }
                yield o.toString();
            }
            case TABLES -> {
                ArrayNode a = json.createArrayNode();
                for (FieldValue table : v.getRepeatedValue()) {
                    FieldValueList t = table.getRecordValue();
                    a.add(t.get(0).getStringValue() + "." + t.get(1).getStringValue() + "." + t.get(2).getStringValue());
                }
                yield a.toString();
            }
        };
    }

    /** A current-state view as today's snapshot (a later run the same day replaces it). */
    private long loadSnapshot(Connection store, InformationSchemaView view, TableResult result, long sourceId,
            Instant now, String project, String region, LocalDate today) throws SQLException {
        String[] prefix = prefix(sourceId, now, project, region, view);
        // a view kept as its latest state only drops every earlier snapshot (tables dropped since go with them)
        try (PreparedStatement ps = store.prepareStatement("DELETE FROM " + view.table() + " WHERE source_id = ? "
                + "AND project_id = ? AND region = ? AND (snapshot_date = ? OR ?)")) {
            ps.setLong(1, sourceId);
            ps.setString(2, project);
            ps.setString(3, region);
            ps.setObject(4, today);
            ps.setBoolean(5, view.latestOnly());
            ps.executeUpdate();
        }
        if (!view.name().equals(InformationSchemaView.SCHEMATA_OPTIONS)) {
            return BigQueryViewLoader.load(store, view.table(), columns(view), view.key(), null,
                    rows(result, view, prefix));
        }
        // one row per dataset: its billing model and time-travel window (option values are SQL literals: 'PHYSICAL')
        Map<String, String[]> datasets = new TreeMap<>();
        for (FieldValueList row : result.iterateAll()) {
            String[] d = datasets.computeIfAbsent(row.get(0).getStringValue(), k -> new String[2]);
            String value = row.get(2).isNull() ? null : row.get(2).getStringValue().replace("\"", "").replace("'", "")
                    .strip();
            if ("storage_billing_model".equals(row.get(1).getStringValue())) {
                d[0] = value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
            } else {
                d[1] = value;
            }
        }
        List<String[]> out = new ArrayList<>();
        datasets.forEach((dataset, d) -> {
            String[] r = java.util.Arrays.copyOf(prefix, prefix.length + 3);
            r[prefix.length] = dataset;
            r[prefix.length + 1] = d[0];
            r[prefix.length + 2] = d[1];
            out.add(r);
        });
        List<String> columns = new ArrayList<>(List.of("source_id", "collected_at", "project_id", "snapshot_date",
                "region", "dataset", "storage_billing_model", "max_time_travel_hours"));
        return BigQueryViewLoader.load(store, view.table(), columns, view.key(), null, out.iterator());
    }
}
