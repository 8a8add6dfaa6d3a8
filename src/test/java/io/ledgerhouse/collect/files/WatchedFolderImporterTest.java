package io.ledgerhouse.collect.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.costs.CostReport;
import io.ledgerhouse.costs.CostService;
import io.ledgerhouse.testing.CurSample;
import io.ledgerhouse.testing.FocusSample;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watched folder (target/import-test in tests): files are imported, then moved to done/ or failed/. */
@QuarkusTest
class WatchedFolderImporterTest {

    @Inject
    WatchedFolderImporter importer;
    @Inject
    FileImportConfig config;
    @Inject
    CostService costs;

    Path dir;

    @BeforeEach
    void emptyFolder() throws IOException {
        dir = config.dir().orElseThrow();
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }

    @Test
    void goodFilesAreImportedAndMovedToDoneBadOnesToFailedWithAReport() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("sample.csv.gz")))) {
            out.write(FocusSample.bytes());
        }
        Files.writeString(dir.resolve("broken.csv"), FocusSample.withCell(37, "BilledCost", "abc"));
        Files.writeString(dir.resolve("notes.txt"), "not a FOCUS file");

        List<WatchedFolderImporter.FileOutcome> outcomes = importer.scan();

        assertThat(outcomes).extracting(WatchedFolderImporter.FileOutcome::file, WatchedFolderImporter.FileOutcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broken.csv", "FAILED"),
                        org.assertj.core.groups.Tuple.tuple("sample.csv.gz", "SUCCEEDED"));
        assertThat(dir.resolve("done/sample.csv.gz")).exists();
        assertThat(dir.resolve("failed/broken.csv")).exists();
        assertThat(dir.resolve("sample.csv.gz")).doesNotExist();
        assertThat(dir.resolve("broken.csv")).doesNotExist();
        assertThat(dir.resolve("notes.txt")).as("other files are left alone").exists();
        assertThat(Files.readString(dir.resolve("failed/broken.csv.errors.txt"), StandardCharsets.UTF_8))
                .contains("Nothing from this file was stored")
                .contains("line 37, column BilledCost: not a number: 'abc'");
        try (Stream<Path> left = Files.list(dir.resolve("processing"))) {
            assertThat(left).isEmpty();
        }

        CostReport report = costs.costs("2024-01-01", "2025-01-01", null, "source:watched-folder", null);
        assertThat(report.totals()).singleElement().satisfies(t -> assertThat(t.charges()).isEqualTo(1000));

        // dropping the same file again is recognised and adds nothing
        Files.write(dir.resolve("sample-again.csv"), FocusSample.bytes());
        assertThat(importer.scan()).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo("UNCHANGED"));
        assertThat(costs.costs("2024-01-01", "2025-01-01", null, "source:watched-folder", null).totals())
                .singleElement().satisfies(t -> assertThat(t.charges()).isEqualTo(1000));
    }

    @Test
    void anAwsCostAndUsageReportIsRecognisedByItsHeaderAndImported() throws IOException {
        // a month of its own, so the FOCUS sample's figures above are not disturbed
        java.util.List<java.util.Map<String, String>> rows = CurSample.rows("100000000099", "2022-03", "1");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("cur-2022-03.csv.gz")))) {
            out.write(CurSample.bytes(rows));
        }

        assertThat(importer.scan()).singleElement().satisfies(o -> {
            assertThat(o.file()).isEqualTo("cur-2022-03.csv.gz");
            assertThat(o.status()).isEqualTo("SUCCEEDED");
        });
        assertThat(dir.resolve("done/cur-2022-03.csv.gz")).exists();
        CostReport report = costs.costs("2022-03-01", "2022-04-01", null, "source:watched-folder", null);
        assertThat(report.totals()).singleElement().satisfies(t -> {
            assertThat(t.charges()).isEqualTo(rows.size());
            assertThat(t.billedCost()).isEqualByComparingTo(CurSample.sum(rows, "lineItem/UnblendedCost"));
        });
    }
}
