package io.ledgerhouse.trial.engine;

import java.time.DayOfWeek;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kinds of warehouse a generated account has, each with the arrival pattern, durations and query shapes of a
 * real workload of its class. Volumes are per day at scale 1; the generator scales them to the requested size.
 */
enum Workload {

    /** Looker-style dashboards: office hours on weekdays, tiles arriving in bursts, short queries, multi-cluster. */
    BI("BI_WH", "MEDIUM", "STANDARD", 600, 1, 3, "interactive", 3, 1.2, 600, 0),
    /** Analysts' ad hoc SQL: office hours, heavy-tailed, often untagged. */
    ADHOC("ADHOC_WH", "SMALL", "STANDARD", 300, 1, 1, "interactive", 4, 1.6, 3_600, 0),
    /** dbt: a run every hour at :05 and a large nightly run at 02:00, models in four threads. */
    ETL("TRANSFORM_WH", "LARGE", "STANDARD", 60, 1, 1, "etl", 25, 1.3, 7_200, 0),
    /** Data science notebooks: few, long, spilling queries; auto-suspend left at 30 minutes. */
    DATA_SCIENCE("DS_WH", "MEDIUM", "SNOWPARK-OPTIMIZED", 1_800, 1, 1, "interactive", 60, 1.5, 7_200, 0.2),
    /** Ingestion: COPY INTO every 15 minutes around the clock; auto-suspend 30 s, so the 60-s minimum bites. */
    INGEST("LOAD_WH", "XSMALL", "STANDARD", 30, 1, 1, "etl", 3, 0.8, 900, 0),
    /** Finance reporting: a daily 07:00 batch and the Monday 06:00 pack; idle the rest of the week. */
    REPORTING("REPORTING_WH", "SMALL", "STANDARD", 600, 1, 1, "etl", 30, 1.0, 3_600, 0),
    /**
     * An application's API: short lookups around the clock at a fixed 12 a minute (not scaled to the account's size),
     * so the warehouse never sits idle long. Only in accounts that ask for it ({@code Spec.serviceWarehouses}).
     */
    SERVICE("APP_WH", "XSMALL", "STANDARD", 600, 1, 1, "interactive", 0.8, 0.6, 60, 0);

    /** The kinds every account has, in the order warehouses are given them. */
    static final Workload[] ROTATION = {BI, ADHOC, ETL, DATA_SCIENCE, INGEST, REPORTING};

    final String baseName;
    final String size;
    final String type;
    final int autoSuspend;
    final int minClusters;
    final int maxClusters;
    final String workloadClass;
    /** Median execution seconds on the workload's own size, and the log-normal spread (heavy tail). */
    final double medianSeconds;
    final double sigma;
    final int capSeconds;
    /** Share of queries that run with query acceleration (0: not enabled). */
    final double accelerated;

    Workload(String baseName, String size, String type, int autoSuspend, int minClusters, int maxClusters,
            String workloadClass, double medianSeconds, double sigma, int capSeconds, double accelerated) {
        this.baseName = baseName;
        this.size = size;
        this.type = type;
        this.autoSuspend = autoSuspend;
        this.minClusters = minClusters;
        this.maxClusters = maxClusters;
        this.workloadClass = workloadClass;
        this.medianSeconds = medianSeconds;
        this.sigma = sigma;
        this.capSeconds = capSeconds;
        this.accelerated = accelerated;
    }

    /** How a query's tag is written. */
    enum TagStyle {
        /** dbt's JSON query tag with its metadata. */
        DBT,
        /** A JSON object {"team": ..., "workload": ...}. */
        JSON,
        /** key=value pairs separated by semicolons. */
        KEY_VALUE,
        /** No tag (Snowflake reports an empty string). */
        NONE
    }

    /** A query shape: who runs it, on what, and how it is tagged. {@code {p}} in the text is the parameter. */
    record Pattern(String team, String workload, String user, String role, String database, String schema,
            String table, String queryType, String text, TagStyle tag, double weight) {

        String tag(String extra) {
            return switch (tag) {
                case DBT -> "{\"app\":\"dbt\",\"dbt_version\":\"1.8.7\",\"profile_name\":\"analytics\","
                        + "\"target_name\":\"prod\",\"node_id\":\"model.analytics." + table.toLowerCase() + "\","
                        + "\"team\":\"" + team + "\",\"workload\":\"" + workload + "\"}";
                case JSON -> "{\"team\":\"" + team + "\",\"workload\":\"" + workload + "\"}";
                case KEY_VALUE -> "team=" + team + ";workload=" + workload + (extra == null ? "" : ";" + extra);
                case NONE -> "";
            };
        }
    }

    List<Pattern> patterns() {
        return switch (this) {
            case BI -> List.of(
                    new Pattern("finance", "exec-dashboards", "LOOKER_SVC", "REPORTER", "ANALYTICS", "MARTS",
                            "FCT_REVENUE", "SELECT", "SELECT region, SUM(net_amount) FROM ANALYTICS.MARTS.FCT_REVENUE "
                            + "WHERE booked_on >= '{p}' GROUP BY region", TagStyle.KEY_VALUE, 4),
                    new Pattern("growth", "product-analytics", "LOOKER_SVC", "REPORTER", "ANALYTICS", "MARTS",
                            "FCT_EVENTS_DAILY", "SELECT", "SELECT feature, COUNT(DISTINCT user_id) FROM "
                            + "ANALYTICS.MARTS.FCT_EVENTS_DAILY WHERE event_date = '{p}' GROUP BY feature",
                            TagStyle.KEY_VALUE, 3),
                    new Pattern("marketing", "campaign-dashboards", "LOOKER_SVC", "REPORTER", "ANALYTICS", "MARTS",
                            "FCT_CAMPAIGN_SPEND", "SELECT", "SELECT channel, SUM(spend) FROM "
                            + "ANALYTICS.MARTS.FCT_CAMPAIGN_SPEND WHERE campaign_id = {p} GROUP BY channel",
                            TagStyle.KEY_VALUE, 2),
                    new Pattern("finance", "exec-dashboards", "LOOKER_SVC", "REPORTER", "ANALYTICS", "MARTS",
                            "DIM_CUSTOMERS", "SELECT", "SELECT segment, COUNT(*) FROM ANALYTICS.MARTS.DIM_CUSTOMERS "
                            + "WHERE country = '{p}' GROUP BY segment", TagStyle.KEY_VALUE, 1));
            case ADHOC -> List.of(
                    new Pattern("growth", "analysis", "MAYA_CHEN", "ANALYST", "ANALYTICS", "MARTS",
                            "FCT_EVENTS_DAILY", "SELECT", "SELECT * FROM ANALYTICS.MARTS.FCT_EVENTS_DAILY WHERE "
                            + "user_id = {p}", TagStyle.JSON, 3),
                    new Pattern("marketing", "analysis", "LEO_MARTIN", "ANALYST", "ANALYTICS", "MARTS",
                            "FCT_CAMPAIGN_SPEND", "SELECT", "SELECT channel, AVG(cpc) FROM "
                            + "ANALYTICS.MARTS.FCT_CAMPAIGN_SPEND WHERE spend_date > '{p}' GROUP BY 1",
                            TagStyle.KEY_VALUE, 2),
                    new Pattern("growth", "analysis", "SAM_OKAFOR", "ANALYST", "RAW", "EVENTS", "CLICKSTREAM",
                            "SELECT", "SELECT session_id, COUNT(*) FROM RAW.EVENTS.CLICKSTREAM WHERE ts > '{p}' "
                            + "GROUP BY 1 ORDER BY 2 DESC LIMIT 100", TagStyle.NONE, 3),
                    new Pattern("finance", "analysis", "PRIYA_RAO", "ANALYST", "ANALYTICS", "MARTS", "FCT_REVENUE",
                            "SELECT", "SELECT * FROM ANALYTICS.MARTS.FCT_REVENUE WHERE invoice_id = {p}",
                            TagStyle.NONE, 2),
                    new Pattern("growth", "analysis", "MAYA_CHEN", "ANALYST", "SCRATCH", "MAYA", "TMP_COHORTS",
                            "CREATE_TABLE_AS_SELECT", "CREATE OR REPLACE TRANSIENT TABLE SCRATCH.MAYA.TMP_COHORTS AS "
                            + "SELECT user_id, MIN(event_date) FROM ANALYTICS.MARTS.FCT_EVENTS_DAILY WHERE "
                            + "event_date > '{p}' GROUP BY 1", TagStyle.NONE, 1));
            case ETL -> List.of(
                    new Pattern("data-platform", "dbt-hourly", "DBT_PROD", "TRANSFORMER", "ANALYTICS", "STAGING",
                            "STG_ORDERS", "MERGE", "MERGE INTO ANALYTICS.STAGING.STG_ORDERS t USING "
                            + "RAW.SHOP.ORDERS s ON t.order_id = s.order_id WHEN MATCHED AND s.updated_at > '{p}' "
                            + "THEN UPDATE SET status = s.status", TagStyle.DBT, 3),
                    new Pattern("data-platform", "dbt-hourly", "DBT_PROD", "TRANSFORMER", "ANALYTICS", "MARTS",
                            "FCT_REVENUE", "INSERT", "INSERT INTO ANALYTICS.MARTS.FCT_REVENUE SELECT * FROM "
                            + "ANALYTICS.STAGING.STG_ORDERS WHERE updated_at > '{p}'", TagStyle.DBT, 2),
                    new Pattern("growth", "dbt-hourly", "DBT_PROD", "TRANSFORMER", "ANALYTICS", "MARTS",
                            "FCT_EVENTS_DAILY", "MERGE", "MERGE INTO ANALYTICS.MARTS.FCT_EVENTS_DAILY t USING "
                            + "RAW.EVENTS.CLICKSTREAM s ON t.event_id = s.event_id WHEN NOT MATCHED AND "
                            + "s.ts > '{p}' THEN INSERT VALUES (s.event_id)", TagStyle.DBT, 2),
                    new Pattern("marketing", "dbt-hourly", "DBT_PROD", "TRANSFORMER", "ANALYTICS", "MARTS",
                            "FCT_CAMPAIGN_SPEND", "CREATE_TABLE_AS_SELECT", "CREATE OR REPLACE TABLE "
                            + "ANALYTICS.MARTS.FCT_CAMPAIGN_SPEND AS SELECT * FROM RAW.ADS.SPEND WHERE day > '{p}'",
                            TagStyle.DBT, 1),
                    new Pattern("finance", "dbt-hourly", "DBT_PROD", "TRANSFORMER", "ANALYTICS", "MARTS",
                            "DIM_CUSTOMERS", "MERGE", "MERGE INTO ANALYTICS.MARTS.DIM_CUSTOMERS t USING "
                            + "RAW.SHOP.CUSTOMERS s ON t.id = s.id WHEN MATCHED AND s.updated_at > '{p}' "
                            + "THEN UPDATE SET segment = s.segment", TagStyle.DBT, 1));
            case DATA_SCIENCE -> List.of(
                    new Pattern("ml", "feature-engineering", "NOOR_HASSAN", "DATA_SCIENTIST", "ML", "FEATURES",
                            "USER_FEATURES", "CREATE_TABLE_AS_SELECT", "CREATE OR REPLACE TABLE "
                            + "ML.FEATURES.USER_FEATURES AS SELECT user_id, COUNT(*) FROM RAW.EVENTS.CLICKSTREAM "
                            + "WHERE ts > '{p}' GROUP BY 1", TagStyle.JSON, 2),
                    new Pattern("ml", "model-training", "NOOR_HASSAN", "DATA_SCIENTIST", "ML", "FEATURES",
                            "USER_FEATURES", "SELECT", "SELECT * FROM ML.FEATURES.USER_FEATURES SAMPLE ({p} ROWS)",
                            TagStyle.JSON, 3),
                    new Pattern("ml", "model-training", "TOMAS_VEGA", "DATA_SCIENTIST", "ML", "TRAINING",
                            "CHURN_LABELS", "SELECT", "SELECT * FROM ML.TRAINING.CHURN_LABELS WHERE cohort = {p}",
                            TagStyle.JSON, 1));
            case INGEST -> List.of(
                    new Pattern("data-platform", "ingest", "LOADER_SVC", "LOADER", "RAW", "SHOP", "ORDERS", "COPY",
                            "COPY INTO RAW.SHOP.ORDERS FROM @RAW.SHOP.ORDERS_STAGE/{p}/ FILE_FORMAT = (TYPE = "
                            + "PARQUET)", TagStyle.KEY_VALUE, 2),
                    new Pattern("data-platform", "ingest", "LOADER_SVC", "LOADER", "RAW", "EVENTS", "CLICKSTREAM",
                            "COPY", "COPY INTO RAW.EVENTS.CLICKSTREAM FROM @RAW.EVENTS.CLICKS_STAGE/{p}/ "
                            + "FILE_FORMAT = (TYPE = JSON)", TagStyle.KEY_VALUE, 3),
                    new Pattern("marketing", "ingest", "LOADER_SVC", "LOADER", "RAW", "ADS", "SPEND", "COPY",
                            "COPY INTO RAW.ADS.SPEND FROM @RAW.ADS.SPEND_STAGE/{p}/", TagStyle.KEY_VALUE, 1));
            case REPORTING -> List.of(
                    new Pattern("finance", "month-end-close", "FIN_REPORTS_SVC", "REPORTER", "ANALYTICS", "FINANCE",
                            "GL_BALANCES", "SELECT", "SELECT account, SUM(debit) - SUM(credit) FROM "
                            + "ANALYTICS.FINANCE.GL_BALANCES WHERE period = '{p}' GROUP BY account", TagStyle.JSON, 3),
                    new Pattern("finance", "month-end-close", "FIN_REPORTS_SVC", "REPORTER", "ANALYTICS", "FINANCE",
                            "GL_BALANCES", "CREATE_TABLE_AS_SELECT", "CREATE OR REPLACE TABLE "
                            + "ANALYTICS.FINANCE.GL_BALANCES AS SELECT * FROM RAW.ERP.JOURNAL WHERE posted > '{p}'",
                            TagStyle.JSON, 1));
            case SERVICE -> List.of(
                    new Pattern("product", "in-app-analytics", "APP_SVC", "APP_READER", "ANALYTICS", "MARTS",
                            "FCT_EVENTS_DAILY", "SELECT", "SELECT COUNT(*) FROM ANALYTICS.MARTS.FCT_EVENTS_DAILY "
                            + "WHERE user_id = {p}", TagStyle.KEY_VALUE, 1));
        };
    }

    /** The relative arrival intensity of interactive work at an hour of the day (UTC, office hours). */
    private static double officeHours(int hour) {
        return switch (hour) {
            case 7, 18 -> 0.3;
            case 8 -> 0.8;
            case 9, 10, 11 -> 1.0;
            case 12 -> 0.7;
            case 13, 14, 15, 16 -> 0.95;
            case 17 -> 0.6;
            case 19, 20, 21, 22, 23 -> 0.08;
            default -> 0.02;
        };
    }

    private static boolean weekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /** An arrival: when the query is submitted and which pattern it follows. */
    record Arrival(long atMs, Pattern pattern) {
    }

    /** Expected queries on a day of the week at scale 1 (used to scale the account to a requested size). */
    double expectedPerDay(DayOfWeek day) {
        double office = 0;
        for (int h = 0; h < 24; h++) {
            office += officeHours(h) * 60;
        }
        double week = weekend(day) ? 0.1 : 1.0;
        return switch (this) {
            case BI -> office * 0.8 * 15 * week;
            case ADHOC -> office * 1.3 * week;
            case DATA_SCIENCE -> office * 0.25 * (weekend(day) ? 0.05 : 1.0);
            case ETL -> 24 * 15 + 150;
            case INGEST -> 96 * 5;
            case REPORTING -> 10 + (day == DayOfWeek.MONDAY ? 60 : 0);
            case SERVICE -> 0; // a fixed rate: it takes no part in scaling the account
        };
    }

    /** Adds the day's arrivals (starting at {@code dayStartMs}) to {@code out}, at {@code scale} times the volume. */
    void arrivals(long dayStartMs, DayOfWeek day, double scale, SplittableRandom random, List<Arrival> out) {
        List<Pattern> patterns = patterns();
        double week = weekend(day) ? 0.1 : 1.0;
        switch (this) {
            case BI -> {
                // dashboards load 8-22 tiles at once: bursts of arrivals, which is what queues and spins up clusters
                for (int minute = 0; minute < 1440; minute++) {
                    int loads = poisson(random, officeHours(minute / 60) * 0.8 * week * scale);
                    for (int l = 0; l < loads; l++) {
                        long at = dayStartMs + minute * 60_000L + random.nextLong(60_000);
                        Pattern p = pick(patterns, random);
                        int tiles = 8 + random.nextInt(15);
                        for (int t = 0; t < tiles; t++) {
                            out.add(new Arrival(at + random.nextLong(1_500), p));
                        }
                    }
                }
            }
            case ADHOC, DATA_SCIENCE -> {
                double perMinute = this == ADHOC ? 1.3 * week : 0.25 * (weekend(day) ? 0.05 : 1.0);
                for (int minute = 0; minute < 1440; minute++) {
                    int n = poisson(random, officeHours(minute / 60) * perMinute * scale);
                    for (int i = 0; i < n; i++) {
                        out.add(new Arrival(dayStartMs + minute * 60_000L + random.nextLong(60_000),
                                pick(patterns, random)));
                    }
                }
            }
            case ETL -> {
                for (int hour = 0; hour < 24; hour++) {
                    batch(dayStartMs + hour * 3_600_000L + 5 * 60_000L, poisson(random, 15 * scale), 4, 20_000,
                            patterns, random, out);
                }
                batch(dayStartMs + 2 * 3_600_000L, poisson(random, 150 * scale), 4, 60_000, patterns, random, out);
            }
            case INGEST -> {
                for (int q = 0; q < 96; q++) {
                    batch(dayStartMs + q * 15 * 60_000L + random.nextLong(20_000), poisson(random, 5 * scale), 2,
                            2_000, patterns, random, out);
                }
            }
            case REPORTING -> {
                batch(dayStartMs + 7 * 3_600_000L, poisson(random, 10 * scale), 2, 30_000, patterns, random, out);
                if (day == DayOfWeek.MONDAY) {
                    batch(dayStartMs + 6 * 3_600_000L, poisson(random, 60 * scale), 4, 45_000, patterns, random, out);
                }
            }
            case SERVICE -> {
                for (int minute = 0; minute < 1440; minute++) {
                    int n = poisson(random, 12);
                    for (int i = 0; i < n; i++) {
                        out.add(new Arrival(dayStartMs + minute * 60_000L + random.nextLong(60_000),
                                pick(patterns, random)));
                    }
                }
            }
        }
    }

    /** {@code n} queries submitted by {@code threads} workers, one every {@code gapMs} (jittered) per worker. */
    private static void batch(long startMs, int n, int threads, long gapMs, List<Pattern> patterns,
            SplittableRandom random, List<Arrival> out) {
        for (int i = 0; i < n; i++) {
            long at = startMs + (i / threads) * gapMs + random.nextLong(gapMs / 2 + 1);
            out.add(new Arrival(at, pick(patterns, random)));
        }
    }

    private static Pattern pick(List<Pattern> patterns, SplittableRandom random) {
        double total = 0;
        for (Pattern p : patterns) {
            total += p.weight();
        }
        double x = random.nextDouble() * total;
        for (Pattern p : patterns) {
            x -= p.weight();
            if (x < 0) {
                return p;
            }
        }
        return patterns.get(patterns.size() - 1);
    }

    /** A Poisson draw: Knuth's method for small means, a rounded normal for large ones. */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
