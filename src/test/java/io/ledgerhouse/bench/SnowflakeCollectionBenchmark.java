package io.ledgerhouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.snowflake.SnowflakeCollector;
import io.ledgerhouse.collect.snowflake.SnowflakeConnector;
import io.ledgerhouse.collect.snowflake.fakes.AccountUsageFake;
import io.ledgerhouse.collect.snowflake.fakes.TestAccounts;
import io.ledgerhouse.trial.AccountUsageWriter;
import io.ledgerhouse.trial.engine.ForwardingSink;
import io.ledgerhouse.trial.engine.GeneratedAccount;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Collection throughput against the physical limit, in one run: a generated account of about a million queries
 * (29 days, six warehouses; {@code -Dbench.queries=N}) is served by the fake Snowflake to the real driver and collected
 * into the store, with the JVM (fake, driver and collector together) capped at 256 MB of heap by the bench profile.
 * Then the very same QUERY_HISTORY rows are loaded again into {@code sf_query} with a bare COPY of the table's own text
 * form (rolled back): the fastest that table can be filled. Results go to
 * {@code target/bench/snowflake-collection.json}; the figure that matters is the ratio.
 *
 * <p>The collection run reads every view; the others are small next to QUERY_HISTORY (ACCESS_HISTORY is left out of
 * the fixture so that the run is about query history).
 */
@QuarkusTest
@Tag("bench")
class SnowflakeCollectionBenchmark {

    private static final String SCHEMA = "fake_au_bench";
    private static final String SOURCE = "sf-bench";

    @Inject
    SnowflakeCollector collector;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    @Test
    void collectionRunsAtAFractionOfRawCopySpeed() throws Exception {
        long target = Long.getLong("bench.queries", 1_000_000L);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(2026, today.minusDays(29), 29, 6,
                target);
        try (AccountUsageFake fake = new AccountUsageFake(dataSource, SCHEMA)) {
            long g0 = System.nanoTime();
            SnowflakeAccountGenerator.Totals totals;
            try (AccountUsageWriter writer = new AccountUsageWriter(dataSource, SCHEMA)) {
                totals = new SnowflakeAccountGenerator().generate(spec, new ForwardingSink(writer) {
                    @Override
                    public void tableRead(GeneratedAccount.TableRead read) {
                    }
                });
            }
            double generateSeconds = (System.nanoTime() - g0) / 1e9;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE " + SCHEMA + ".query_history");
            }

            SnowflakeConnector connector = new SnowflakeConnector(Map.of("SF_PROD_PASSWORD", "s3cret")::get);
            System.gc();
            long t0 = System.nanoTime();
            SnowflakeCollector.RunReport run;
            long peakHeap;
            try (HeapSampler heap = new HeapSampler()) {
                run = collector.collect(SOURCE, () -> connector.open("sf",
                        TestAccounts.password(Optional.of(fake.jdbcUrl())), new Properties()),
                        new SnowflakeCollector.Pricing(new BigDecimal("3.00"), "USD", new BigDecimal("23.00")));
                peakHeap = heap.peakBytes();
            }
            double collectSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            long rows = run.rowsByView().get("QUERY_HISTORY");
            assertThat(rows).isEqualTo(totals.queries());

            Path dir = Files.createDirectories(Path.of("target", "bench"));
            Path copyFile = dir.resolve("sf-query-copy.txt");
            double copySeconds;
            long copied;
            try (Connection c = dataSource.getConnection()) {
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                long sourceId;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT id FROM source WHERE name = '" + SOURCE + "'")) {
                    rs.next();
                    sourceId = rs.getLong(1);
                }
                try (OutputStream out = Files.newOutputStream(copyFile)) {
                    copy.copyOut("COPY (SELECT * FROM sf_query WHERE source_id = " + sourceId + ") TO STDOUT", out);
                }
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM sf_query WHERE source_id = " + sourceId);
                }
                long t1 = System.nanoTime();
                try (InputStream in = Files.newInputStream(copyFile)) {
                    copied = copy.copyIn("COPY sf_query FROM STDIN", in);
                }
                copySeconds = (System.nanoTime() - t1) / 1e9;
                c.rollback();
                c.setAutoCommit(true);
            }
            Files.deleteIfExists(copyFile);
            assertThat(copied).isEqualTo(rows);

            ObjectNode result = json.createObjectNode();
            result.put("benchmark", "snowflake-collection");
            result.put("queryHistoryRows", rows);
            result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
            result.put("peakHeapBytesDuringCollection", peakHeap);
            result.put("generateAndLoadFixtureSeconds", generateSeconds);
            result.put("collectSeconds", collectSeconds);
            result.put("collectRowsPerSecond", rows / collectSeconds);
            result.put("rawCopySeconds", copySeconds);
            result.put("rawCopyRowsPerSecond", rows / copySeconds);
            result.put("collectToRawCopyRatio", collectSeconds / copySeconds);
            result.set("rowsByView", json.valueToTree(run.rowsByView()));
            Files.writeString(dir.resolve("snowflake-collection.json"), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(result));
            System.out.println("BENCH " + result);
        }
    }
}
