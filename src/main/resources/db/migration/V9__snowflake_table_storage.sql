-- SNOWFLAKE.ACCOUNT_USAGE.TABLE_STORAGE_METRICS is a current-state view; one snapshot per UTC day is kept, so table
-- storage (active, time travel, fail-safe, retained for clones) can be followed over time.
CREATE TABLE sf_table_storage (
    source_id                 bigint      NOT NULL REFERENCES source (id),
    snapshot_date             date        NOT NULL,
    table_id                  bigint      NOT NULL,
    table_name                text,
    schema_name               text,
    database_name             text,
    is_transient              boolean,
    active_bytes              numeric,
    time_travel_bytes         numeric,
    failsafe_bytes            numeric,
    retained_for_clone_bytes  numeric,
    deleted                   boolean,
    table_created             timestamptz,
    table_dropped             timestamptz,
    collected_at              timestamptz NOT NULL,
    PRIMARY KEY (source_id, snapshot_date, table_id)
);
