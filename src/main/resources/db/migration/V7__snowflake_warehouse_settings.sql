-- Warehouse settings as SHOW WAREHOUSES reports them, kept as history: a row per warehouse and period during which
-- its settings did not change, so the settings in force at any past hour are known (valid_to NULL: still in force).
CREATE TABLE sf_warehouse_setting (
    source_id                            bigint      NOT NULL REFERENCES source (id),
    warehouse_name                       text        NOT NULL,
    valid_from                           timestamptz NOT NULL,
    valid_to                             timestamptz,
    size                                 text,
    type                                 text,
    resource_constraint                  text,       -- generation, e.g. STANDARD_GEN_1 / STANDARD_GEN_2
    auto_suspend                         integer,    -- seconds; NULL or 0: never
    auto_resume                          boolean,
    min_cluster_count                    integer,
    max_cluster_count                    integer,
    scaling_policy                       text,
    enable_query_acceleration            boolean,
    query_acceleration_max_scale_factor  integer,
    PRIMARY KEY (source_id, warehouse_name, valid_from)
);
CREATE INDEX sf_warehouse_setting_current ON sf_warehouse_setting (source_id, warehouse_name) WHERE valid_to IS NULL;
