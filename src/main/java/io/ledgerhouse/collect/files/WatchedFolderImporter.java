package io.ledgerhouse.collect.files;

import io.ledgerhouse.collect.files.engine.ImportProblem;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Imports FOCUS files and AWS Cost and Usage Reports (told apart by their header) dropped into
 * {@code ledgerhouse.import.dir}. A file is claimed by moving it to
 * {@code processing/} (an atomic rename, so two replicas never import the same file), imported, then moved to
 * {@code done/}, or to {@code failed/} with {@code <name>.errors.txt} beside it listing every problem. A file whose
 * import could not run at all (database down) goes back to the folder and is tried again on the next scan.
 */
@ApplicationScoped
public class WatchedFolderImporter {

    @Inject
    FileImportConfig config;
    @Inject
    FocusImportService imports;
    @Inject
    Clock clock;

    /** What happened to one file in a scan. */
    public record FileOutcome(String file, String status, Long importRun, Path movedTo) {
    }

    @Scheduled(every = "{ledgerhouse.import.poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void scheduled() {
        try {
            scan();
        } catch (RuntimeException e) {
            Log.errorf(e, "Scanning the import folder failed");
        }
    }

    /** Imports every settled file in the folder; returns what happened to each. */
    public List<FileOutcome> scan() {
        if (config.dir().isEmpty()) {
            return List.of();
        }
        Path dir = config.dir().get();
        List<FileOutcome> outcomes = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Path processing = Files.createDirectories(dir.resolve("processing"));
            Path done = Files.createDirectories(dir.resolve("done"));
            Path failed = Files.createDirectories(dir.resolve("failed"));
            Instant settledBefore = clock.instant().minus(config.settle());
            List<Path> candidates = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, WatchedFolderImporter::isFocusFile)) {
                for (Path f : files) {
                    if (Files.isRegularFile(f)
                            && !Files.getLastModifiedTime(f).toInstant().isAfter(settledBefore)) {
                        candidates.add(f);
                    }
                }
            }
            candidates.sort(null);
            for (Path file : candidates) {
                Path claimed = claim(file, processing);
                if (claimed != null) {
                    outcomes.add(importOne(file, claimed, done, failed));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan the import folder " + dir, e);
        }
        return outcomes;
    }

    private FileOutcome importOne(Path original, Path claimed, Path done, Path failed) throws IOException {
        String name = original.getFileName().toString();
        ImportReport report;
        try (InputStream in = Files.newInputStream(claimed)) {
            report = imports.importFile(ImportFormat.DETECT, null, name, in);
        } catch (ImportRejectedException e) {
            Path target = uniqueTarget(failed, name);
            Files.move(claimed, target, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(target.resolveSibling(target.getFileName() + ".errors.txt"), errorReport(e.report()));
            return new FileOutcome(name, "FAILED", e.report().id(), target);
        } catch (RuntimeException e) {
            // the import could not run (not a problem of the file): put it back for the next scan
            Files.move(claimed, original, StandardCopyOption.ATOMIC_MOVE);
            Log.errorf(e, "Import of %s could not run; it stays in the folder and is retried", name);
            return new FileOutcome(name, "RETRY", null, original);
        }
        Path target = uniqueTarget(done, name);
        Files.move(claimed, target, StandardCopyOption.ATOMIC_MOVE);
        return new FileOutcome(name, report.status(), report.id(), target);
    }

    static String errorReport(ImportReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Ledgerhouse could not import ").append(r.fileName()).append(" (import run ").append(r.id())
                .append("). Nothing from this file was stored.\n");
        sb.append(r.problemCount()).append(" problem(s)");
        if (r.problemCount() > r.problems().size()) {
            sb.append("; the first ").append(r.problems().size()).append(" are listed");
        }
        sb.append(":\n\n");
        for (ImportProblem p : r.problems()) {
            sb.append(p).append('\n');
        }
        sb.append("\nFix the file and drop it into the folder again.\n");
        return sb.toString();
    }

    private static Path claim(Path file, Path processing) throws IOException {
        Path target = processing.resolve(file.getFileName());
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return null; // another instance claimed it first
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the import folder must allow atomic renames into processing/", e);
        }
    }

    private Path uniqueTarget(Path dir, String name) {
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            return target;
        }
        return dir.resolve(clock.instant().toEpochMilli() + "-" + name);
    }

    private static boolean isFocusFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".csv") || n.endsWith(".csv.gz") || n.endsWith(".gz"));
    }
}
