package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Storage lifecycle rules on named tables. Sizes are whole or half terabytes (2^40 bytes) and the price is 23 USD per
 * TB-month, so every saving is a multiple of 23 that can be checked by hand:
 *
 * <pre>
 * table                          | type      | active | time travel | fail-safe | note                   | advice
 * ANALYTICS.MARTS.EVENTS_CHURN   | permanent | 1 TB   | 2 TB        | 0         | retention unknown (7)  | RETENTION 2 × 23 × 6/7 = 39.43
 * ANALYTICS.MARTS.FCT_STEADY     | permanent | 10 TB  | 0.5 TB      | 0         | ratio 0.05             | none
 * ANALYTICS.STAGING.STG_ORDERS   | permanent | 4 TB   | 0           | 1 TB      | staging schema         | TRANSIENT 1 × 23 = 23.00
 * ANALYTICS.STAGING.STG_TRANSIENT| transient | 4 TB   | 0           | 0         | already transient      | none
 * ANALYTICS.MARTS.DAILY_SNAPSHOT | permanent | 1 TB   | 0           | 0.5 TB    | + dropped copy: 1 day  | TRANSIENT 1.5 × 23 = 34.50
 *                                |           |        |             |           |   old, 1 TB fail-safe  |
 * RAW.ARCHIVE.OLD_EVENTS         | permanent | 2 TB   | 0           | 0         | last read 200 days ago | UNUSED 2 × 23 = 46.00, HIGH
 * RAW.SHOP.ORDERS                | permanent | 2 TB   | 0           | 0         | last read 30 days ago  | none
 * </pre>
 */
class StorageAdvisorTest {

    static final long TB = 1L << 40;
    static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant LONG_AGO = AS_OF.minus(Duration.ofDays(700));
    static final BigDecimal PRICE = new BigDecimal("23");
    final StorageAdvisor advisor = new StorageAdvisor(StorageSettings.defaults());

    static StoredTable table(String db, String schema, String name, boolean isTransient, long active, long timeTravel,
            long failsafe, Instant lastRead) {
        return new StoredTable(name.hashCode(), db, schema, name, isTransient, active, timeTravel, failsafe, 0,
                LONG_AGO, null, lastRead, null);
    }

    List<ObjectRecommendation> advise(Instant readsSince, StoredTable... tables) {
        return advisor.advise(List.of(tables), AS_OF, readsSince, PRICE, "USD", "the test's price");
    }

    static Instant daysAgo(long days) {
        return AS_OF.minus(Duration.ofDays(days));
    }

    @Test
    void aChurningTableIsAdvisedAShorterRetention() {
        List<ObjectRecommendation> advice = advise(null, table("ANALYTICS", "MARTS", "EVENTS_CHURN", false, TB, 2 * TB,
                0, null));
        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(StorageAdvisor.RETENTION);
            assertThat(r.target()).isEqualTo("ANALYTICS.MARTS.EVENTS_CHURN");
            assertThat(r.currentValue()).isEqualTo("unknown");
            assertThat(r.proposedValue()).isEqualTo("1");
            assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("39.43"); // 2 TB × 23 × 6/7
            assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.LOW);
            assertThat(r.assumptions()).anyMatch(a -> a.contains("assumed 7 days"));
            assertThat(r.sql()).isEqualTo("ALTER TABLE \"ANALYTICS\".\"MARTS\".\"EVENTS_CHURN\" SET "
                    + "DATA_RETENTION_TIME_IN_DAYS = 1");
        });
    }

    @Test
    void aKnownRetentionGivesTheExactShareAndMediumConfidence() {
        StoredTable t = new StoredTable(1, "ANALYTICS", "MARTS", "EVENTS_CHURN", false, TB, 2 * TB, 0, 0, LONG_AGO,
                null, null, 10);
        ObjectRecommendation r = advisor.advise(List.of(t), AS_OF, null, PRICE, "USD", "p").get(0);
        assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("41.40"); // 2 × 23 × 9/10
        assertThat(r.currentValue()).isEqualTo("10");
        assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.MEDIUM);
    }

    @Test
    void steadyTablesAndTablesAlreadyAtTheProposedRetentionGetNoRetentionAdvice() {
        assertThat(advise(null, table("ANALYTICS", "MARTS", "FCT_STEADY", false, 10 * TB, TB / 2, 0, null)))
                .isEmpty();
        StoredTable oneDay = new StoredTable(1, "ANALYTICS", "MARTS", "EVENTS_CHURN", false, TB, 2 * TB, 0, 0,
                LONG_AGO, null, null, 1);
        assertThat(advisor.advise(List.of(oneDay), AS_OF, null, PRICE, "USD", "p")).isEmpty();
    }

    @Test
    void aPermanentTableInAStagingSchemaIsAdvisedTransient() {
        List<ObjectRecommendation> advice = advise(null,
                table("ANALYTICS", "STAGING", "STG_ORDERS", false, 4 * TB, 0, TB, null),
                table("ANALYTICS", "STAGING", "STG_TRANSIENT", true, 4 * TB, 0, 0, null),
                table("ANALYTICS", "MARTS", "FCT_REVENUE", false, 4 * TB, 0, TB, null));
        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(StorageAdvisor.TRANSIENT);
            assertThat(r.target()).isEqualTo("ANALYTICS.STAGING.STG_ORDERS");
            assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("23.00");
            assertThat(r.confidence().why()).contains("schema STAGING");
            assertThat(r.sql()).contains("CREATE TRANSIENT TABLE \"ANALYTICS\".\"STAGING\".\"STG_ORDERS_TRANSIENT\" "
                    + "LIKE \"ANALYTICS\".\"STAGING\".\"STG_ORDERS\" COPY GRANTS;")
                    .contains("ALTER TABLE \"ANALYTICS\".\"STAGING\".\"STG_ORDERS\" SWAP WITH")
                    .doesNotContain("SET TRANSIENT");
        });
    }

    @Test
    void stagingNamesMatchWholeNamePartsOnly() {
        assertThat(advise(null, table("ANALYTICS", "STG_SALES", "T", false, TB, 0, TB, null))).hasSize(1);
        assertThat(advise(null, table("SCRATCH", "MAYA", "T", false, TB, 0, TB, null))).hasSize(1);
        assertThat(advise(null, table("ANALYTICS", "STAGECOACH", "T", false, TB, 0, TB, null))).isEmpty();
    }

    @Test
    void aTableReplacedWithinDaysOfItsCreationIsAdvisedTransient() {
        StoredTable live = new StoredTable(2, "ANALYTICS", "MARTS", "DAILY_SNAPSHOT", false, TB, 0, TB / 2, 0,
                daysAgo(1), null, null, null);
        StoredTable yesterdays = new StoredTable(1, "ANALYTICS", "MARTS", "DAILY_SNAPSHOT", false, 0, 0, TB, 0,
                daysAgo(2), daysAgo(1), null, null);
        ObjectRecommendation r = advisor.advise(List.of(live, yesterdays), AS_OF, null, PRICE, "USD", "p").get(0);
        assertThat(r.kind()).isEqualTo(StorageAdvisor.TRANSIENT);
        assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("34.50"); // (0.5 + 1) TB × 23
        assertThat(r.confidence().why()).contains("re-created within 7 days");

        StoredTable longLived = new StoredTable(1, "ANALYTICS", "MARTS", "DAILY_SNAPSHOT", false, 0, 0, TB, 0,
                daysAgo(40), daysAgo(1), null, null);
        assertThat(advisor.advise(List.of(live, longLived), AS_OF, null, PRICE, "USD", "p")).isEmpty();
    }

    @Test
    void aTableUnreadFor90DaysIsAnArchiveOrDropCandidateOnlyWhenReadsAreKnown() {
        StoredTable old = table("RAW", "ARCHIVE", "OLD_EVENTS", false, 2 * TB, 0, 0, daysAgo(200));
        StoredTable recent = table("RAW", "SHOP", "ORDERS", false, 2 * TB, 0, 0, daysAgo(30));
        List<ObjectRecommendation> advice = advise(daysAgo(365), old, recent);
        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(StorageAdvisor.UNUSED);
            assertThat(r.target()).isEqualTo("RAW.ARCHIVE.OLD_EVENTS");
            assertThat(r.monthlySavingsMoney()).isEqualByComparingTo("46.00");
            assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.HIGH);
            assertThat(r.sql()).endsWith("DROP TABLE \"RAW\".\"ARCHIVE\".\"OLD_EVENTS\";");
        });
        assertThat(advise(null, old, recent)).as("no ACCESS_HISTORY, no unused-table advice").isEmpty();
    }

    @Test
    void neverReadCountsOnlyOverTheObservedWindowAndTheTablesLifetime() {
        StoredTable neverRead = table("RAW", "ARCHIVE", "NEVER_READ", false, TB, 0, 0, null);
        assertThat(advise(daysAgo(120), neverRead)).singleElement()
                .satisfies(r -> assertThat(r.confidence().level()).isEqualTo(Recommendation.Level.MEDIUM));
        assertThat(advise(daysAgo(14), neverRead)).as("only 14 days of reads observed").isEmpty();
        StoredTable young = new StoredTable(9, "RAW", "ARCHIVE", "NEW_TABLE", false, TB, 0, 0, 0, daysAgo(10), null,
                null, null);
        assertThat(advise(daysAgo(365), young)).as("created 10 days ago").isEmpty();
    }

    @Test
    void hostileTableNamesStayInsideTheirQuotes() {
        StoredTable hostile = table("DB", "STAGING", "a\"b; drop", false, TB, 2 * TB, TB, null);
        List<ObjectRecommendation> advice = advise(null, hostile);
        assertThat(advice).extracting(ObjectRecommendation::kind).containsExactlyInAnyOrder(StorageAdvisor.RETENTION,
                StorageAdvisor.TRANSIENT);
        assertThat(advice).filteredOn(r -> r.kind().equals(StorageAdvisor.RETENTION)).singleElement()
                .extracting(ObjectRecommendation::sql).isEqualTo("ALTER TABLE \"DB\".\"STAGING\".\"a\"\"b; drop\" "
                        + "SET DATA_RETENTION_TIME_IN_DAYS = 1");
        assertThat(advice).filteredOn(r -> r.kind().equals(StorageAdvisor.TRANSIENT)).singleElement()
                .extracting(ObjectRecommendation::sql).asString()
                .contains("CREATE TRANSIENT TABLE \"DB\".\"STAGING\".\"a\"\"b; drop_TRANSIENT\" LIKE "
                        + "\"DB\".\"STAGING\".\"a\"\"b; drop\" COPY GRANTS;")
                .contains("DROP TABLE \"DB\".\"STAGING\".\"a\"\"b; drop_TRANSIENT\";");
        assertThat(TableSql.drop("x\"y", "S", "T")).endsWith("DROP TABLE \"x\"\"y\".\"S\".\"T\";");
        assertThatThrownBy(() -> TableSql.retention("DB", "S", "bad\nname", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableSql.retention("DB", "S", "T", 91)).isInstanceOf(IllegalArgumentException.class);
    }
}
