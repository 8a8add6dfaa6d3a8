package io.ledgerhouse.collect.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.collect.files.engine.CsvRecordReader;
import io.ledgerhouse.collect.files.engine.CsvRecordReader.CsvFormatException;
import io.ledgerhouse.collect.files.engine.CsvRecordReader.CsvRecord;
import io.ledgerhouse.collect.files.engine.CurToFocus;
import io.ledgerhouse.collect.files.engine.FocusHeader;
import io.ledgerhouse.collect.files.engine.FocusRowParser;
import io.ledgerhouse.collect.files.engine.ImportProblem;
import io.ledgerhouse.collect.files.engine.ImportTally;
import io.ledgerhouse.collect.files.engine.ImportTally.BillingPeriodKey;
import io.ledgerhouse.collect.files.engine.ImportWarnings;
import io.ledgerhouse.domain.NotFoundException;
import io.ledgerhouse.domain.SourceNames;
import io.ledgerhouse.store.ChargeCopyWriter;
import io.ledgerhouse.store.ChargeRestatement;
import io.ledgerhouse.store.ImportRun;
import io.ledgerhouse.store.ImportRunRepository;
import io.ledgerhouse.store.Source;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Imports FOCUS files and legacy AWS Cost and Usage Reports (CSV or gzipped CSV) into the charge table; a CUR is
 * read as FOCUS through {@link CurToFocus}, so both give the same rows and the same guarantees.
 *
 * <p>The file is streamed: parsed record by record and sent to PostgreSQL with COPY in batches, so memory does not
 * grow with the file. The whole import is one transaction: a file with any rejected row stores nothing and the
 * report lists every problem (the first 100 in detail). Content already imported into the same source is recognised
 * by its SHA-256 and adds nothing. A file that states a (billing account, billing period) the source already holds
 * replaces those rows.
 */
@ApplicationScoped
public class FocusImportService {

    static final int MAX_LISTED_PROBLEMS = 100;
    /** What a CUR import records as its runs' and charges' {@code focusVersion}: the file was a CUR, not FOCUS. */
    static final String CUR_VERSION = "CUR";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SourceRepository sources;
    @Inject
    ImportRunRepository runs;
    @Inject
    FileImportConfig config;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;
    @Inject
    jakarta.enterprise.event.Event<io.ledgerhouse.domain.ChargesChanged> changes;

    /** Imports the FOCUS file {@code body} into the source named {@code sourceName} (created on first use). */
    public ImportReport importFocus(String sourceName, String fileName, InputStream body) {
        return importFile(ImportFormat.FOCUS, sourceName, fileName, body);
    }

    /** Imports the AWS Cost and Usage Report {@code body} into the source named {@code sourceName}. */
    public ImportReport importCur(String sourceName, String fileName, InputStream body) {
        return importFile(ImportFormat.CUR, sourceName, fileName, body);
    }

    /**
     * Imports {@code body}, read as {@code format}, into the source named {@code sourceName} (created on first use).
     * CUR records are mapped to FOCUS ({@link CurToFocus}) and then checked and stored as FOCUS rows are.
     */
    public ImportReport importFile(ImportFormat format, String sourceName, String fileName, InputStream body) {
        String name = SourceNames.require("source", sourceName == null ? config.defaultSource() : sourceName);
        Instant started = clock.instant();
        Attempt attempt = new Attempt();
        try {
            ImportReport report = QuarkusTransaction.requiringNew()
                    .timeout(Math.toIntExact(config.transactionTimeout().toSeconds()))
                    .call(() -> load(format, name, fileName, body, started, attempt));
            metrics.counter("ledgerhouse.import.rows", "source", name).increment(report.rows());
            announce(name, report.id());
            return report;
        } catch (Rejected r) {
            ImportReport failed = record(name, fileName, started, attempt, ImportRun.FAILED, null);
            throw new ImportRejectedException(failed);
        } catch (Unchanged u) {
            return record(name, fileName, started, attempt, ImportRun.UNCHANGED, u.existingRunId);
        } catch (UncheckedIOException e) {
            addProblem(attempt, new ImportProblem(0, null, "the file could not be read to its end: "
                    + e.getCause().getMessage()));
            ImportReport failed = record(name, fileName, started, attempt, ImportRun.FAILED, null);
            throw new ImportRejectedException(failed);
        }
    }

    /** Tells whoever listens (allocation) which days of the source's charges the import changed. */
    private void announce(String source, long runId) {
        java.time.LocalDate[] range = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                    + "min(charge_period_start), max(charge_period_start) FROM charge WHERE import_run_id = ?")) {
                ps.setLong(1, runId);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    java.sql.Timestamp from = rs.getTimestamp(1);
                    java.sql.Timestamp to = rs.getTimestamp(2);
                    return from == null ? null : new java.time.LocalDate[] {
                        java.time.LocalDate.ofInstant(from.toInstant(), java.time.ZoneOffset.UTC),
                        java.time.LocalDate.ofInstant(to.toInstant(), java.time.ZoneOffset.UTC)};
                }
            }
        });
        if (range != null) {
            changes.fire(new io.ledgerhouse.domain.ChargesChanged(source, range[0], range[1]));
        }
    }

    /** A finished import's report. */
    public ImportReport find(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ImportRun run = runs.findById(id);
            if (run == null) {
                throw new NotFoundException("no import run with id " + id);
            }
            return report(run);
        });
    }

    /** Whether the named source has any successful import. */
    public boolean hasImports(String sourceName) {
        return QuarkusTransaction.requiringNew().call(() -> sources.findByName(sourceName)
                .map(s -> runs.count("source = ?1 and status = ?2", s, ImportRun.SUCCEEDED) > 0)
                .orElse(false));
    }

    /** The latest import runs, newest first. */
    public List<ImportReport> latest(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> runs.latest(limit).stream().map(this::report).toList());
    }

    /** What a failed or skipped attempt learnt before its transaction was rolled back. */
    private static final class Attempt {
        final List<ImportProblem> problems = new ArrayList<>();
        long problemCount;
        String sha256;
        String version;
        ImportWarnings warnings = new ImportWarnings();
    }

    private static final class Rejected extends RuntimeException {
        Rejected() {
            super(null, null, false, false);
        }
    }

    private static final class Unchanged extends RuntimeException {
        final long existingRunId;

        Unchanged(long existingRunId) {
            super(null, null, false, false);
            this.existingRunId = existingRunId;
        }
    }

    private ImportReport load(ImportFormat format, String sourceName, String fileName, InputStream body,
            Instant started, Attempt attempt) throws SQLException, NoSuchAlgorithmException {
        Source source = sources.findOrCreate(sourceName, "FOCUS_FILE", started);
        ImportRun run = new ImportRun();
        run.source = source;
        run.fileName = fileName;
        run.status = ImportRun.SUCCEEDED;
        run.startedAt = started;
        runs.persist(run);
        runs.flush();

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ImportTally tally = new ImportTally();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, "ledgerhouse.import".hashCode());
                lock.setInt(2, source.id.intValue());
                lock.execute();
            }
            try (CsvRecordReader csv = new CsvRecordReader(new InputStreamReader(
                    new DigestInputStream(decompressed(body), sha), StandardCharsets.UTF_8))) {
                CsvRecord headerRecord = csv.next();
                if (headerRecord == null) {
                    reject(attempt, new ImportProblem(0, null, "the file is empty: a "
                            + (format == ImportFormat.CUR ? "CUR" : "FOCUS") + " header line is expected"));
                }
                boolean cur = format == ImportFormat.CUR
                        || format == ImportFormat.DETECT && CurToFocus.isCurHeader(headerRecord.fields());
                Function<CsvRecord, FocusRowParser.Outcome> parser;
                if (cur) {
                    CurToFocus adapter = CurToFocus.of(headerRecord.fields());
                    attempt.version = CUR_VERSION;
                    adapter.problems().forEach(p -> addProblem(attempt, p));
                    parser = adapter.parser(attempt.warnings)::parse;
                } else {
                    FocusHeader header = FocusHeader.of(headerRecord.fields());
                    attempt.version = header.version();
                    header.problems().forEach(p -> addProblem(attempt, p));
                    parser = new FocusRowParser(header, attempt.warnings)::parse;
                }
                if (attempt.problemCount > 0) {
                    throw new Rejected();
                }
                try (ChargeCopyWriter writer = new ChargeCopyWriter(connection, source.id, run.id, attempt.version)) {
                    CsvRecord record;
                    while ((record = csv.next()) != null) {
                        FocusRowParser.Outcome outcome = parser.apply(record);
                        if (!outcome.ok()) {
                            outcome.problems().forEach(p -> addProblem(attempt, p));
                        } else if (attempt.problemCount == 0) {
                            tally.add(outcome.charge());
                            writer.write(outcome.charge());
                        }
                    }
                    if (attempt.problemCount > 0) {
                        throw new Rejected();
                    }
                    writer.finish();
                }
            } catch (CsvFormatException e) {
                reject(attempt, new ImportProblem(e.line(), null, e.getMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            attempt.sha256 = HexFormat.of().formatHex(sha.digest());
            runs.findSucceeded(source, attempt.sha256).ifPresent(existing -> {
                throw new Unchanged(existing.id);
            });
            List<BillingPeriodKey> periods = sortedPeriods(tally);
            run.rowsReplaced = ChargeRestatement.replaceEarlier(connection, source.id, run.id, periods);
        }
        run.contentSha256 = attempt.sha256;
        run.focusVersion = attempt.version;
        run.rowsImported = tally.rows();
        run.totals = json.valueToTree(tally.totals());
        run.providers = json.valueToTree(tally.providers());
        run.billingPeriods = json.valueToTree(sortedPeriods(tally));
        run.warnings = json.valueToTree(attempt.warnings.list());
        run.finishedAt = clock.instant();
        metrics.counter("ledgerhouse.import.runs", "status", ImportRun.SUCCEEDED).increment();
        Log.infof("Imported %d %s rows from %s into source %s (run %d, %d rows replaced)", tally.rows(),
                CUR_VERSION.equals(attempt.version) ? "CUR" : "FOCUS", fileName == null ? "an upload" : fileName,
                sourceName, run.id, run.rowsReplaced);
        return report(run);
    }

    private static List<BillingPeriodKey> sortedPeriods(ImportTally tally) {
        return tally.billingPeriods().stream()
                .sorted(Comparator.comparing(BillingPeriodKey::billingAccountId)
                        .thenComparing(BillingPeriodKey::billingPeriodStart))
                .toList();
    }

    private static void reject(Attempt attempt, ImportProblem p) {
        addProblem(attempt, p);
        throw new Rejected();
    }

    private static void addProblem(Attempt attempt, ImportProblem p) {
        attempt.problemCount++;
        if (attempt.problems.size() < MAX_LISTED_PROBLEMS) {
            attempt.problems.add(p);
        }
    }

    private static InputStream decompressed(InputStream body) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** Records an attempt that stored no charges (failed or unchanged), in its own transaction. */
    private ImportReport record(String sourceName, String fileName, Instant started, Attempt attempt, String status,
            Long duplicateOf) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ImportRun run = new ImportRun();
            run.source = sources.findOrCreate(sourceName, "FOCUS_FILE", started);
            run.fileName = fileName;
            run.status = status;
            run.focusVersion = attempt.version;
            run.contentSha256 = attempt.sha256;
            run.problemCount = attempt.problemCount;
            run.problems = attempt.problems.isEmpty() ? null : json.valueToTree(attempt.problems);
            run.warnings = json.valueToTree(attempt.warnings.list());
            run.duplicateOf = duplicateOf;
            run.startedAt = started;
            run.finishedAt = clock.instant();
            runs.persist(run);
            metrics.counter("ledgerhouse.import.runs", "status", status).increment();
            if (ImportRun.FAILED.equals(status)) {
                Log.warnf("Rejected import of %s into source %s (run %d): %d problem(s), first: %s",
                        fileName == null ? "an upload" : fileName, sourceName, run.id, attempt.problemCount,
                        attempt.problems.isEmpty() ? "-" : attempt.problems.get(0));
            } else {
                Log.infof("Import of %s into source %s unchanged: same content as run %d",
                        fileName == null ? "an upload" : fileName, sourceName, duplicateOf);
            }
            return report(run);
        });
    }

    private ImportReport report(ImportRun run) {
        return new ImportReport(run.id, run.source.name, run.fileName, run.status, run.focusVersion, run.contentSha256,
                run.rowsImported, run.rowsReplaced,
                read(run.totals, ImportTally.CurrencyTotal[].class),
                run.providers == null ? java.util.Map.of() : json.convertValue(run.providers,
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Long>>() {
                        }),
                read(run.billingPeriods, BillingPeriodKey[].class),
                run.problemCount,
                read(run.problems, ImportProblem[].class),
                read(run.warnings, ImportWarnings.Warning[].class),
                run.duplicateOf, run.startedAt, run.finishedAt);
    }

    private <T> List<T> read(JsonNode node, Class<T[]> type) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        return List.of(json.convertValue(node, type));
    }
}
