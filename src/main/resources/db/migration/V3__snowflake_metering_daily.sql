-- SNOWFLAKE.ACCOUNT_USAGE.METERING_DAILY_HISTORY: credits per day and service type, with the cloud-services
-- adjustment (the 10% rule), which appears nowhere else. Natural key: day + service type.
CREATE TABLE sf_metering_daily (
    source_id                          bigint      NOT NULL REFERENCES source (id),
    usage_date                         date        NOT NULL,
    service_type                       text        NOT NULL,
    credits_used_compute               numeric,
    credits_used_cloud_services        numeric,
    credits_used                       numeric,
    credits_adjustment_cloud_services  numeric,
    credits_billed                     numeric,
    collected_at                       timestamptz NOT NULL,
    PRIMARY KEY (source_id, usage_date, service_type)
);
CREATE INDEX charge_source_period ON charge (source_id, charge_period_start);
