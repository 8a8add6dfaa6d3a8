-- SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY: Snowflake's own per-query compute credits (no idle, no cloud
-- services, no queries shorter than ~100 ms). Optional: not every account can read it. Natural key: query_id.
CREATE TABLE sf_query_attribution (
    source_id                         bigint      NOT NULL REFERENCES source (id),
    query_id                          text        NOT NULL,
    start_time                        timestamptz NOT NULL,
    end_time                          timestamptz,
    parent_query_id                   text,
    root_query_id                     text,
    warehouse_id                      bigint,
    warehouse_name                    text,
    query_hash                        text,
    query_parameterized_hash          text,
    query_tag                         text,
    user_name                         text,
    credits_attributed_compute        numeric,
    credits_used_query_acceleration   numeric,
    collected_at                      timestamptz NOT NULL,
    PRIMARY KEY (source_id, query_id)
);
