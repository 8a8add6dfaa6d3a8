-- SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY, one row per query, partitioned by month of start_time. The natural key is
-- query_id; start_time is part of the key because partitioned tables need it (a query's start time never changes).
CREATE TABLE sf_query (
    source_id                          bigint      NOT NULL,
    query_id                           text        NOT NULL,
    start_time                         timestamptz NOT NULL,
    end_time                           timestamptz,
    query_hash                         text,
    query_parameterized_hash           text,
    query_text                         text,
    query_type                         text,
    database_name                      text,
    schema_name                        text,
    user_name                          text,
    role_name                          text,
    warehouse_id                       bigint,
    warehouse_name                     text,
    warehouse_size                     text,
    warehouse_type                     text,
    cluster_number                     integer,
    query_tag                          text,
    execution_status                   text,
    error_code                         text,
    total_elapsed_time                 bigint,     -- milliseconds, as the view gives them
    compilation_time                   bigint,
    execution_time                     bigint,
    queued_provisioning_time           bigint,
    queued_repair_time                 bigint,
    queued_overload_time               bigint,
    transaction_blocked_time           bigint,
    bytes_scanned                      bigint,
    percentage_scanned_from_cache      numeric,
    partitions_scanned                 bigint,
    partitions_total                   bigint,
    bytes_spilled_to_local_storage     bigint,
    bytes_spilled_to_remote_storage    bigint,
    rows_produced                      bigint,
    credits_used_cloud_services        numeric,
    query_load_percent                 integer,
    query_acceleration_bytes_scanned   bigint,
    collected_at                       timestamptz NOT NULL,
    PRIMARY KEY (source_id, query_id, start_time)
) PARTITION BY RANGE (start_time);
CREATE INDEX sf_query_warehouse_time ON sf_query (source_id, warehouse_id, start_time);

-- Creates the month partition of `parent` (named parent_YYYY_MM) that holds `month`, if missing.
CREATE FUNCTION ensure_month_partition(parent text, month timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    lower_bound timestamptz := date_trunc('month', month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    upper_bound timestamptz := (date_trunc('month', month AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    part_name   text := parent || '_' || to_char(month AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(part_name) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('ledgerhouse.partitions.' || parent));
        IF to_regclass(part_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                           part_name, parent, lower_bound, upper_bound);
        END IF;
    END IF;
    RETURN part_name;
END;
$$;
