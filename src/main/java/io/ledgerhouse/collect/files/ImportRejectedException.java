package io.ledgerhouse.collect.files;

/** An import that stored nothing because the file has problems; the report lists them. */
public class ImportRejectedException extends RuntimeException {

    private final transient ImportReport report;

    public ImportRejectedException(ImportReport report) {
        super("import of " + (report.fileName() == null ? "the upload" : report.fileName()) + " rejected: "
                + report.problemCount() + " problem(s)");
        this.report = report;
    }

    public ImportReport report() {
        return report;
    }
}
