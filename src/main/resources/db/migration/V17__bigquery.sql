-- BigQuery: what the collector reads from each project's INFORMATION_SCHEMA (docs/bigquery.md). Every table keeps the
-- source as the leading key column; rows are upserted on the view's natural key, so re-reading a window is harmless.

-- INFORMATION_SCHEMA.JOBS_BY_PROJECT: one row per job (the view keeps 180 days; the store is the long history).
CREATE TABLE bq_job (
    source_id              bigint      NOT NULL REFERENCES source (id),
    project_id             text        NOT NULL,
    region                 text        NOT NULL,
    job_id                 text        NOT NULL,
    creation_time          timestamptz NOT NULL,
    start_time             timestamptz,
    end_time               timestamptz,
    user_email             text,
    job_type               text,
    statement_type         text,
    parent_job_id          text,
    reservation_id         text,          -- null: on-demand
    edition                text,
    total_bytes_processed  bigint,
    total_bytes_billed     bigint,
    total_slot_ms          bigint,
    cache_hit              boolean,
    error_reason           text,
    query_hash             text,          -- query_info.query_hashes.normalized_literals
    labels                 jsonb,         -- {"key": "value"}
    referenced_tables      jsonb,         -- ["project.dataset.table"]
    collected_at           timestamptz NOT NULL,
    PRIMARY KEY (source_id, project_id, job_id, creation_time)
) PARTITION BY RANGE (creation_time);
CREATE INDEX bq_job_reservation ON bq_job (source_id, reservation_id, creation_time);

-- INFORMATION_SCHEMA.JOBS_TIMELINE_BY_PROJECT, summed per job and minute (the view has a row per second).
CREATE TABLE bq_job_minute (
    source_id       bigint      NOT NULL REFERENCES source (id),
    project_id      text        NOT NULL,
    job_id          text        NOT NULL,
    minute          timestamptz NOT NULL,
    reservation_id  text,
    slot_ms         bigint      NOT NULL,
    collected_at    timestamptz NOT NULL,
    PRIMARY KEY (source_id, project_id, job_id, minute)
) PARTITION BY RANGE (minute);
CREATE INDEX bq_job_minute_reservation ON bq_job_minute (source_id, reservation_id, minute);

-- INFORMATION_SCHEMA.RESERVATIONS_TIMELINE of the admin project: per reservation and minute.
CREATE TABLE bq_reservation_minute (
    source_id                      bigint      NOT NULL REFERENCES source (id),
    admin_project_id               text        NOT NULL,
    region                         text        NOT NULL,
    reservation_id                 text        NOT NULL,   -- admin-project:region.name, as jobs name it
    period_start                   timestamptz NOT NULL,
    reservation_name               text,
    edition                        text,
    slots_assigned                 bigint,                 -- baseline
    autoscale_current_slots        bigint,
    autoscale_max_slots            bigint,
    period_autoscale_slot_seconds  bigint,
    collected_at                   timestamptz NOT NULL,
    PRIMARY KEY (source_id, reservation_id, period_start)
);

-- INFORMATION_SCHEMA.CAPACITY_COMMITMENT_CHANGES of the admin project.
CREATE TABLE bq_capacity_commitment_change (
    source_id               bigint      NOT NULL REFERENCES source (id),
    admin_project_id        text        NOT NULL,
    capacity_commitment_id  text        NOT NULL,
    change_timestamp        timestamptz NOT NULL,
    action                  text        NOT NULL,
    commitment_plan         text,
    state                   text,
    slot_count              bigint,
    edition                 text,
    commitment_start_time   timestamptz,
    commitment_end_time     timestamptz,
    collected_at            timestamptz NOT NULL,
    PRIMARY KEY (source_id, capacity_commitment_id, change_timestamp, action)
);

-- INFORMATION_SCHEMA.TABLE_STORAGE is current state; one snapshot per UTC day is kept.
CREATE TABLE bq_table_storage (
    source_id                   bigint      NOT NULL REFERENCES source (id),
    project_id                  text        NOT NULL,
    snapshot_date               date        NOT NULL,
    region                      text        NOT NULL,
    dataset                     text        NOT NULL,
    table_name                  text        NOT NULL,
    table_type                  text,
    creation_time               timestamptz,
    storage_last_modified_time  timestamptz,
    total_rows                  bigint,
    total_logical_bytes         bigint,
    active_logical_bytes        bigint,
    long_term_logical_bytes     bigint,
    total_physical_bytes        bigint,
    active_physical_bytes       bigint,     -- includes time-travel bytes
    long_term_physical_bytes    bigint,
    time_travel_physical_bytes  bigint,
    fail_safe_physical_bytes    bigint,
    collected_at                timestamptz NOT NULL,
    PRIMARY KEY (source_id, project_id, snapshot_date, dataset, table_name)
);

-- INFORMATION_SCHEMA.SCHEMATA_OPTIONS: a dataset's storage billing model and time travel window, per snapshot day.
CREATE TABLE bq_dataset_option (
    source_id              bigint      NOT NULL REFERENCES source (id),
    project_id             text        NOT NULL,
    snapshot_date          date        NOT NULL,
    region                 text        NOT NULL,
    dataset                text        NOT NULL,
    storage_billing_model  text,        -- LOGICAL (default) or PHYSICAL
    max_time_travel_hours  integer,     -- 48..168 (default 168)
    collected_at           timestamptz NOT NULL,
    PRIMARY KEY (source_id, project_id, snapshot_date, dataset)
);
