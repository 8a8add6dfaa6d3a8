-- More ACCOUNT_USAGE views, each in its own table keyed on the view's natural key (nullable key parts are stored as
-- 0 or '' so they can be part of the key).

-- WAREHOUSE_EVENTS_HISTORY: resume, suspend, resize, cluster spin-up/down events.
CREATE TABLE sf_warehouse_event (
    source_id       bigint      NOT NULL REFERENCES source (id),
    event_time      timestamptz NOT NULL,
    warehouse_id    bigint      NOT NULL,
    warehouse_name  text,
    cluster_number  integer     NOT NULL,
    event_name      text        NOT NULL,
    event_reason    text,
    event_state     text        NOT NULL,
    user_name       text,
    role_name       text,
    query_id        text,
    size            text,
    cluster_count   integer,
    collected_at    timestamptz NOT NULL,
    PRIMARY KEY (source_id, event_time, warehouse_id, cluster_number, event_name, event_state)
);

-- WAREHOUSE_LOAD_HISTORY: average load per warehouse and 5-minute interval.
CREATE TABLE sf_warehouse_load (
    source_id                bigint      NOT NULL REFERENCES source (id),
    warehouse_id             bigint      NOT NULL,
    warehouse_name           text,
    start_time               timestamptz NOT NULL,
    end_time                 timestamptz,
    avg_running              numeric,
    avg_queued_load          numeric,
    avg_queued_provisioning  numeric,
    avg_blocked              numeric,
    collected_at             timestamptz NOT NULL,
    PRIMARY KEY (source_id, warehouse_id, start_time)
);

-- METERING_HISTORY: hourly credits of every service type (serverless features, query acceleration, ...).
CREATE TABLE sf_metering (
    source_id                    bigint      NOT NULL REFERENCES source (id),
    service_type                 text        NOT NULL,
    entity_id                    bigint      NOT NULL,
    entity_type                  text,
    name                         text,
    database_name                text,
    schema_name                  text,
    start_time                   timestamptz NOT NULL,
    end_time                     timestamptz,
    credits_used_compute         numeric,
    credits_used_cloud_services  numeric,
    credits_used                 numeric,
    bytes                        numeric,
    rows                         numeric,
    files                        numeric,
    collected_at                 timestamptz NOT NULL,
    PRIMARY KEY (source_id, service_type, entity_id, start_time)
);

-- DATABASE_STORAGE_USAGE_HISTORY: daily average bytes per database, fail-safe apart.
CREATE TABLE sf_database_storage (
    source_id                  bigint      NOT NULL REFERENCES source (id),
    usage_date                 date        NOT NULL,
    database_id                bigint      NOT NULL,
    database_name              text,
    deleted                    timestamptz,
    average_database_bytes     numeric,
    average_failsafe_bytes     numeric,
    collected_at               timestamptz NOT NULL,
    PRIMARY KEY (source_id, usage_date, database_id)
);
