package io.ledgerhouse.trial;

import io.ledgerhouse.trial.engine.GeneratedAccount;
import io.ledgerhouse.trial.engine.GeneratedAccount.DailyUsage;
import io.ledgerhouse.trial.engine.GeneratedAccount.DatabaseStorage;
import io.ledgerhouse.trial.engine.GeneratedAccount.LoadInterval;
import io.ledgerhouse.trial.engine.GeneratedAccount.MeteringHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.Query;
import io.ledgerhouse.trial.engine.GeneratedAccount.Rate;
import io.ledgerhouse.trial.engine.GeneratedAccount.ServiceHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.TableRead;
import io.ledgerhouse.trial.engine.GeneratedAccount.TableStorage;
import io.ledgerhouse.trial.engine.GeneratedAccount.Warehouse;
import io.ledgerhouse.trial.engine.GeneratedAccount.WarehouseEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Writes a generated account into the tables of an {@link AccountUsageSchema} with COPY, buffering a few megabytes
 * per view, so an account of a million queries loads quickly and in little memory. Call {@link #close()} to write the
 * rest.
 */
public final class AccountUsageWriter implements GeneratedAccount.Sink, AutoCloseable {

    private static final int FLUSH_BYTES = 4 << 20;

    private final DataSource dataSource;
    private final String schema;
    private final Map<String, StringBuilder> buffers = new LinkedHashMap<>();
    private final Map<String, String> columns = new LinkedHashMap<>();

    public AccountUsageWriter(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        columns.put("query_history", "query_id, query_text, database_name, schema_name, query_type, user_name, "
                + "role_name, warehouse_id, warehouse_name, warehouse_size, warehouse_type, cluster_number, query_tag, "
                + "execution_status, error_code, start_time, end_time, total_elapsed_time, bytes_scanned, "
                + "percentage_scanned_from_cache, partitions_scanned, partitions_total, bytes_spilled_to_local_storage, "
                + "bytes_spilled_to_remote_storage, rows_produced, compilation_time, execution_time, "
                + "queued_provisioning_time, queued_repair_time, queued_overload_time, transaction_blocked_time, "
                + "credits_used_cloud_services, query_load_percent, query_acceleration_bytes_scanned, query_hash, "
                + "query_parameterized_hash");
        columns.put("query_attribution_history", "query_id, parent_query_id, root_query_id, warehouse_id, "
                + "warehouse_name, query_hash, query_parameterized_hash, query_tag, user_name, start_time, end_time, "
                + "credits_attributed_compute, credits_used_query_acceleration");
        columns.put("warehouse_metering_history", "start_time, end_time, warehouse_id, warehouse_name, credits_used, "
                + "credits_used_compute, credits_used_cloud_services, credits_attributed_compute_queries");
        columns.put("warehouse_events_history", "timestamp, warehouse_id, warehouse_name, cluster_number, event_name, "
                + "event_reason, event_state, user_name, role_name, query_id, size, cluster_count");
        columns.put("warehouse_load_history", "start_time, end_time, warehouse_id, warehouse_name, avg_running, "
                + "avg_queued_load, avg_queued_provisioning, avg_blocked");
        columns.put("metering_history", "service_type, start_time, end_time, entity_id, entity_type, name, "
                + "database_name, schema_name, credits_used_compute, credits_used_cloud_services, credits_used, bytes, "
                + "rows, files");
        columns.put("metering_daily_history", "service_type, organization_name, account_name, usage_date, "
                + "credits_used_compute, credits_used_cloud_services, credits_used, credits_adjustment_cloud_services, "
                + "credits_billed");
        columns.put("database_storage_usage_history", "usage_date, database_id, database_name, deleted, "
                + "average_database_bytes, average_failsafe_bytes, average_hybrid_table_storage_bytes");
        columns.put("table_storage_metrics", "id, table_name, table_schema_id, table_schema, table_catalog_id, "
                + "table_catalog, clone_group_id, is_transient, active_bytes, time_travel_bytes, failsafe_bytes, "
                + "retained_for_clone_bytes, deleted, table_created, table_dropped, table_entered_failsafe, comment");
        columns.put("access_history", "query_id, query_start_time, user_name, direct_objects_accessed, "
                + "base_objects_accessed, objects_modified");
        columns.put("warehouses", "name, state, type, size, min_cluster_count, max_cluster_count, auto_suspend, "
                + "auto_resume, scaling_policy, enable_query_acceleration, resource_constraint");
        columns.put("rate_sheet_daily", "date, organization_name, contract_number, account_name, account_locator, "
                + "region, service_level, usage_type, currency, effective_rate, service_type, is_adjustment");
    }

    @Override
    public void warehouse(Warehouse w) {
        row("warehouses", w.name(), "SUSPENDED", w.type(), w.size(), w.minClusters(), w.maxClusters(),
                w.autoSuspendSeconds(), w.autoResume(), w.scalingPolicy(), w.queryAcceleration(),
                w.resourceConstraint());
    }

    @Override
    public void query(Query q) {
        row("query_history", q.queryId(), q.queryText(), q.databaseName(), q.schemaName(), q.queryType(),
                q.userName(), q.roleName(), q.warehouseId(), q.warehouseName(), q.warehouseSize(), q.warehouseType(),
                q.clusterNumber(), q.queryTag(), q.executionStatus(), q.errorCode(), q.startTime(), q.endTime(),
                q.totalElapsedMs(), q.bytesScanned(), q.percentScannedFromCache(), q.partitionsScanned(),
                q.partitionsTotal(), q.bytesSpilledLocal(), q.bytesSpilledRemote(), q.rowsProduced(),
                q.compilationMs(), q.executionMs(), q.queuedProvisioningMs(), q.queuedRepairMs(),
                q.queuedOverloadMs(), q.transactionBlockedMs(), q.creditsCloudServices(), q.queryLoadPercent(),
                q.queryAccelerationBytes(), q.queryHash(), q.queryParameterizedHash());
        if (q.attributedComputeCredits() != null) {
            row("query_attribution_history", q.queryId(), null, q.queryId(), q.warehouseId(), q.warehouseName(),
                    q.queryHash(), q.queryParameterizedHash(), q.queryTag(), q.userName(), q.executionStart(),
                    q.endTime(), q.attributedComputeCredits(), q.queryAccelerationCredits());
        }
    }

    @Override
    public void meteringHour(MeteringHour h) {
        row("warehouse_metering_history", h.startTime(), h.startTime().plusSeconds(3600), h.warehouseId(),
                h.warehouseName(), h.creditsUsed(), h.creditsCompute(), h.creditsCloudServices(),
                h.creditsAttributedComputeQueries());
    }

    @Override
    public void event(WarehouseEvent e) {
        row("warehouse_events_history", e.timestamp(), e.warehouseId(), e.warehouseName(), e.clusterNumber(),
                e.eventName(), e.eventReason(), e.eventState(), null, null, null, null, null);
    }

    @Override
    public void load(LoadInterval l) {
        row("warehouse_load_history", l.startTime(), l.startTime().plusSeconds(300), l.warehouseId(),
                l.warehouseName(), l.avgRunning(), l.avgQueuedLoad(), l.avgQueuedProvisioning(), l.avgBlocked());
    }

    @Override
    public void serviceHour(ServiceHour s) {
        row("metering_history", s.serviceType(), s.startTime(), s.startTime().plusSeconds(3600), s.entityId(),
                s.entityType(), s.name(), s.databaseName(), s.schemaName(), s.creditsCompute(),
                s.creditsCloudServices(), s.creditsCompute().add(s.creditsCloudServices()), s.bytes(), null,
                s.files());
    }

    @Override
    public void dailyMetering(DailyUsage d) {
        row("metering_daily_history", d.serviceType(), "ACME", "PROD", d.usageDate(), d.creditsCompute(),
                d.creditsCloudServices(), d.creditsUsed(), d.creditsAdjustmentCloudServices(), d.creditsBilled());
    }

    @Override
    public void databaseStorage(DatabaseStorage d) {
        row("database_storage_usage_history", d.usageDate(), d.databaseId(), d.databaseName(), null,
                d.averageBytes(), d.averageFailsafeBytes(), "0");
    }

    @Override
    public void table(TableStorage t) {
        row("table_storage_metrics", t.id(), t.tableName(), t.schemaId(), t.schemaName(), t.catalogId(),
                t.catalogName(), t.id(), t.transientTable() ? "YES" : "NO", t.activeBytes(), t.timeTravelBytes(),
                t.failsafeBytes(), t.retainedForCloneBytes(), t.deleted(), t.created(), t.dropped(), t.dropped(),
                null);
    }

    @Override
    public void tableRead(TableRead r) {
        String objects = "[{\"objectDomain\":\"Table\",\"objectId\":" + r.objectId() + ",\"objectName\":\""
                + r.objectName() + "\",\"columns\":[]}]";
        row("access_history", r.queryId(), r.queryStartTime(), r.userName(), objects, objects, "[]");
    }

    @Override
    public void rate(Rate r) {
        row("rate_sheet_daily", r.date(), "ACME", 1, "PROD", AccountUsageSchema.ACCOUNT_LOCATOR, "AWS_US_WEST_2",
                "Enterprise", r.usageType(), r.currency(), r.effectiveRate(), r.serviceType(), false);
    }

    private void row(String table, Object... values) {
        StringBuilder b = buffers.computeIfAbsent(table, k -> new StringBuilder(FLUSH_BYTES + (1 << 16)));
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                b.append("\\N");
            } else if (v instanceof Instant t) {
                b.append(t);
            } else if (v instanceof java.math.BigDecimal d) {
                b.append(d.toPlainString());
            } else {
                escape(b, v.toString());
            }
        }
        b.append('\n');
        if (b.length() >= FLUSH_BYTES) {
            flush(table, b);
        }
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    private void flush(String table, StringBuilder b) {
        if (b.length() == 0) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + schema + "." + table + " ("
                    + columns.get(table) + ") FROM STDIN", new java.io.ByteArrayInputStream(
                            b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + schema + "." + table + " failed", e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        b.setLength(0);
    }

    /** Writes what is still buffered. */
    @Override
    public void close() {
        buffers.forEach(this::flush);
    }
}
