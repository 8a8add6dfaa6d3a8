-- BigQuery, issue 8 part 4: what query-pattern and full-scan advice need (docs/bigquery.md).

-- A job's query text, cut to its first 1,000 characters in BigQuery: enough to recognise a pattern and show an
-- example, without keeping whole statements (up to 1 MB each) for every job.
ALTER TABLE bq_job ADD COLUMN query_text text;

-- INFORMATION_SCHEMA.COLUMNS, only the columns that tell how a table is laid out: its partitioning column (or the
-- _PARTITIONTIME / _PARTITIONDATE pseudo column), its clustering columns, and the DATE / DATETIME / TIMESTAMP
-- columns it could be partitioned on. Current state: each run replaces the project's and region's rows (no history:
-- layouts change rarely and the advice needs only today's).
CREATE TABLE bq_table_column (
    source_id                    bigint      NOT NULL REFERENCES source (id),
    project_id                   text        NOT NULL,
    snapshot_date                date        NOT NULL,
    region                       text        NOT NULL,
    dataset                      text        NOT NULL,
    table_name                   text        NOT NULL,
    column_name                  text        NOT NULL,
    ordinal_position             bigint,               -- null for pseudo columns (_PARTITIONTIME)
    data_type                    text,
    is_partitioning_column       text,                 -- YES or NO, as the view says
    clustering_ordinal_position  bigint,               -- 1-based among the clustering columns; null: not clustering
    collected_at                 timestamptz NOT NULL,
    PRIMARY KEY (source_id, project_id, dataset, table_name, column_name)
);

-- Capacity commitments are regional: the region their CAPACITY_COMMITMENT_CHANGES row was read from, so reservation
-- hours are priced with the commitments of their own region (null on rows read before; they count for every region
-- of their admin project).
ALTER TABLE bq_capacity_commitment_change ADD COLUMN region text;
