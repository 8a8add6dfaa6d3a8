package io.ledgerhouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.testing.FocusFileGenerator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Import throughput against the physical limit, in one run: a generated FOCUS file (default 2 million rows; set
 * {@code -Dbench.rows=N}) is streamed through the API into the store, with the test JVM's heap capped at 256 MB by the
 * bench profile, so finishing at all shows the import streams. Then the very same rows are loaded again with a bare
 * PostgreSQL COPY of the table's own text form into the same table (rolled back), which is the fastest that table can
 * be filled. Results go to {@code target/bench/focus-import.json}; the figure that matters is the ratio.
 *
 * <p>Run with {@code ./mvnw -Pbench verify}.
 */
@QuarkusTest
@Tag("bench")
class FocusImportBenchmark {

    @TestHTTPResource("/api/v1/imports/focus?source=bench")
    URI importUri;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    @Test
    void importStreamsAtAFractionOfRawCopySpeed() throws Exception {
        long rows = Long.getLong("bench.rows", 2_000_000L);
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path csv = dir.resolve("focus-" + rows + ".csv");
        long bytes = Files.exists(csv) ? Files.size(csv) : FocusFileGenerator.write(csv, rows, 20240901L);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(importUri)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        JsonNode run = json.readTree(response.body());
        long runId = run.get("id").asLong();

        Path copyFile = dir.resolve("charge-copy.txt");
        String columns;
        double copySeconds;
        long copied;
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (var rs = c.createStatement().executeQuery("SELECT string_agg(quote_ident(column_name), ', ' ORDER BY "
                    + "ordinal_position) FROM information_schema.columns WHERE table_name = 'charge' "
                    + "AND column_name <> 'id'")) {
                rs.next();
                columns = rs.getString(1);
            }
            long effectiveRunId = "UNCHANGED".equals(run.get("status").asText()) ? run.get("duplicateOf").asLong() : runId;
            try (OutputStream out = Files.newOutputStream(copyFile)) {
                copy.copyOut("COPY (SELECT " + columns + " FROM charge WHERE import_run_id = " + effectiveRunId
                        + ") TO STDOUT", out);
            }
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            try (InputStream in = Files.newInputStream(copyFile)) {
                copied = copy.copyIn("COPY charge (" + columns + ") FROM STDIN", in);
            }
            copySeconds = (System.nanoTime() - t1) / 1e9;
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(copied).isEqualTo(rows);

        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "focus-import");
        result.put("rows", rows);
        result.put("fileBytes", bytes);
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        result.put("importStatus", run.get("status").asText());
        result.put("importSeconds", importSeconds);
        result.put("importRowsPerSecond", rows / importSeconds);
        result.put("rawCopySeconds", copySeconds);
        result.put("rawCopyRowsPerSecond", rows / copySeconds);
        result.put("importToRawCopyRatio", importSeconds / copySeconds);
        Files.writeString(dir.resolve("focus-import.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println("BENCH " + result);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM charge WHERE source_id = (SELECT id FROM source WHERE name = 'bench')");
        }
    }
}
