-- AWS collector (docs/aws.md): what each collector run spent on paid API requests, and Redshift clusters' hourly
-- CloudWatch metrics. AWS charges themselves live in `charge` (provider AWS).

-- Requests made per operation ({"GetCostAndUsage": 4, "GetCostAndUsage throttled": 1, "GetMetricData": 2,
-- "CloudWatch metrics requested": 10}) and what they cost in USD. Failed runs keep theirs: the requests were paid.
ALTER TABLE collector_run ADD COLUMN api_requests jsonb;
ALTER TABLE collector_run ADD COLUMN api_cost numeric;

-- One row per cluster-hour; a metric without a data point in the hour is NULL. Metrics are measurements, not money.
CREATE TABLE aws_redshift_hour (
    source_id                    bigint           NOT NULL REFERENCES source (id),
    cluster_id                   text             NOT NULL,
    hour                         timestamptz      NOT NULL,
    cpu_percent                  double precision,
    connections                  double precision,
    disk_used_percent            double precision,
    concurrency_scaling_clusters double precision,
    concurrency_scaling_seconds  double precision,
    collected_at                 timestamptz      NOT NULL,
    PRIMARY KEY (source_id, cluster_id, hour)
);
