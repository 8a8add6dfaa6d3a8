-- SNOWFLAKE.ACCOUNT_USAGE.ACCESS_HISTORY (Enterprise edition) reduced to the last read of each table: what the storage
-- advice needs to find tables nobody reads. Natural key: the table's object id.
CREATE TABLE sf_table_last_read (
    source_id     bigint      NOT NULL REFERENCES source (id),
    object_id     bigint      NOT NULL,
    object_name   text,
    last_read     timestamptz NOT NULL,
    collected_at  timestamptz NOT NULL,
    PRIMARY KEY (source_id, object_id)
);
