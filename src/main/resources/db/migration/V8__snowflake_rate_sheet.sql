-- SNOWFLAKE.ORGANIZATION_USAGE.RATE_SHEET_DAILY for the collected account: the effective price of a credit per day,
-- service type and usage type. Not readable on every contract (resellers): then the configured price applies.
CREATE TABLE sf_rate_sheet (
    source_id       bigint  NOT NULL REFERENCES source (id),
    rate_date       date    NOT NULL,
    service_type    text    NOT NULL,
    usage_type      text    NOT NULL,
    currency        text    NOT NULL,
    effective_rate  numeric NOT NULL,
    collected_at    timestamptz NOT NULL,
    PRIMARY KEY (source_id, rate_date, service_type, usage_type)
);
