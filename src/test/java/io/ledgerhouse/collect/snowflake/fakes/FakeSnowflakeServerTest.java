package io.ledgerhouse.collect.snowflake.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.ChunkFetch;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Chunking;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Column;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Result;
import io.ledgerhouse.collect.snowflake.fakes.FakeSnowflakeServer.Streamed;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The real snowflake-jdbc driver logs in to the fake, runs a statement and reads the JSON result format. */
class FakeSnowflakeServerTest {

    private static final List<Column> COLUMNS = List.of(Column.fixed("ID", 0), Column.text("NOTE"),
            Column.fixed("CREDITS", 9), new Column("START_TIME", "timestamp_ltz", 9));
    private static final long EPOCH = 1_767_225_600L;

    @Test
    void theRealDriverReadsRowsFromTheFake() throws Exception {
        Result warehouses = new Result(
                List.of(Column.text("WAREHOUSE_NAME"), Column.fixed("CREDITS_USED", 9), Column.text("NOTE")),
                List.of(Arrays.asList("ETL_WH", "12.500000000", null), Arrays.asList("BI_WH", "0.016666667", "x")));
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> warehouses)) {
            List<String> seen = new ArrayList<>();
            try (Connection c = connect(fake, new Properties());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT WAREHOUSE_NAME, CREDITS_USED, NOTE FROM "
                            + "SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY")) {
                while (rs.next()) {
                    seen.add(rs.getString(1) + "|" + rs.getBigDecimal(2).toPlainString() + "|" + rs.getString(3));
                }
            }
            assertThat(seen).containsExactly("ETL_WH|12.500000000|null", "BI_WH|0.016666667|x");
            assertThat(fake.statements()).anyMatch(sql -> sql.contains("WAREHOUSE_METERING_HISTORY"));
            assertThat(fake.logins()).hasSize(1);
            assertThat(fake.chunkFetches()).as("a small result travels inline").isEmpty();
        }
    }

    @Test
    void aLargeResultComesInChunksWhichTheDriverDownloadsAndReadsInOrder() throws Exception {
        // 1,000 rows inline, then 7 chunks of 7,000 that the driver's prefetch threads download in parallel
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> Streamed.of(COLUMNS, rows(50_000)), 0,
                Chunking.rows(1_000, 7_000))) {
            try (Connection c = connect(fake, new Properties())) {
                assertThat(readAll(c)).isEqualTo(50_000);
            }
            List<ChunkFetch> fetches = fake.chunkFetches();
            assertThat(fetches).allMatch(f -> f.status() == 200 && !f.cut());
            assertThat(fetches).extracting(ChunkFetch::chunk).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
            assertThat(fetches.stream().mapToInt(ChunkFetch::rowCount).sum()).isEqualTo(49_000);
        }
    }

    @Test
    void aChunkDownloadCutOffMidwayIsFetchedAgainAndTheResultIsWhole() throws Exception {
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> Streamed.of(COLUMNS, rows(20_000)), 0,
                Chunking.rows(500, 4_000))) {
            fake.dropNextChunks(1);
            try (Connection c = connect(fake, new Properties())) {
                assertThat(readAll(c)).isEqualTo(20_000);
            }
            List<ChunkFetch> fetches = fake.chunkFetches();
            List<ChunkFetch> cut = fetches.stream().filter(ChunkFetch::cut).toList();
            assertThat(cut).hasSize(1);
            assertThat(fetches).allMatch(f -> f.status() == 200);
            assertThat(fetches.stream().filter(f -> f.chunk() == cut.get(0).chunk())).as("the cut chunk, again")
                    .hasSize(2);
            assertThat(fetches.stream().filter(f -> !f.cut()).map(ChunkFetch::chunk))
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        }
    }

    @Test
    void whenEveryDownloadOfAChunkIsCutOffReadingFailsOnceTheDriverRunsOutOfRetries() throws Exception {
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> Streamed.of(COLUMNS, rows(3_000)), 0,
                Chunking.rows(100, 1_000))) {
            fake.dropNextChunks(Integer.MAX_VALUE);
            Properties retries = new Properties();
            retries.put("maxHttpRetries", "1"); // the driver's retries of a chunk, kept short
            try (Connection c = connect(fake, retries)) {
                // the inline rows are read; the first chunk then fails the statement
                assertThatThrownBy(() -> readAll(c)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("Max retry reached for the download of chunk#0");
            }
            fake.dropNextChunks(0);
            assertThat(fake.chunkFetches()).isNotEmpty().allMatch(ChunkFetch::cut);
        }
    }

    @Test
    void withoutChunkHeadersTheDriverSendsTheKeyFromQrmkAndSessionMemorySettingsAreHonoured() throws Exception {
        try (FakeSnowflakeServer fake = new FakeSnowflakeServer(sql -> Streamed.of(COLUMNS, rows(5_000)), 0,
                Chunking.rows(0, 1_000))) {
            fake.sendChunkHeaders(false);
            Properties memory = new Properties();
            memory.put("CLIENT_PREFETCH_THREADS", "1");
            memory.put("CLIENT_MEMORY_LIMIT", "64");
            try (Connection c = connect(fake, memory)) {
                assertThat(readAll(c)).isEqualTo(5_000);
            }
            assertThat(fake.logins().get(0).path("data").path("SESSION_PARAMETERS").path("CLIENT_PREFETCH_THREADS")
                    .asText()).isEqualTo("1");
            assertThat(fake.chunkFetches()).as("every download presented the key").allMatch(f -> f.status() == 200)
                    .extracting(ChunkFetch::chunk).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        }
    }

    private static Connection connect(FakeSnowflakeServer fake, Properties extra) throws Exception {
        Class.forName("net.snowflake.client.api.driver.SnowflakeDriver");
        Properties props = new Properties();
        props.put("user", "ledgerhouse");
        props.put("password", "not-a-real-password");
        props.put("disablePlatformDetection", "true");
        props.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        props.put("loginTimeout", "20");
        props.putAll(extra);
        return DriverManager.getConnection(fake.jdbcUrl(), props);
    }

    /** Reads the generated result through the driver, checking every row's values in order; the number of rows. */
    private static int readAll(Connection c) throws SQLException {
        int i = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ID, NOTE, CREDITS, START_TIME FROM GENERATED")) {
            while (rs.next()) {
                List<String> expected = row(i);
                String id = rs.getString(1);
                String note = rs.getString(2);
                BigDecimal credits = rs.getBigDecimal(3);
                Instant start = rs.getTimestamp(4).toInstant();
                if (!id.equals(expected.get(0)) || !note.equals(expected.get(1))
                        || !String.valueOf(credits == null ? null : credits.toPlainString()).equals(
                                String.valueOf(expected.get(2)))
                        || !start.equals(Instant.ofEpochSecond(EPOCH + i, 123_456_789))) {
                    fail("row " + i + ": read " + id + "|" + note + "|" + credits + "|" + start + ", expected "
                            + expected);
                }
                i++;
            }
        }
        return i;
    }

    private static java.util.Iterator<List<String>> rows(int n) {
        return IntStream.range(0, n).mapToObj(FakeSnowflakeServerTest::row).iterator();
    }

    /** Row {@code i} of the generated result: some notes need JSON escapes or are not ASCII, some credits are null. */
    private static List<String> row(int i) {
        String note = "query " + i + (i % 7 == 0 ? " \"quoted\", back\\slash\nnew line\ttab é 中 😀 [x]" : "");
        String credits = i % 5 == 0 ? null : BigDecimal.valueOf(i).movePointLeft(9).toPlainString();
        return Arrays.asList(Integer.toString(i), note, credits, (EPOCH + i) + ".123456789");
    }
}
