package io.ledgerhouse.trial;

import io.ledgerhouse.collect.files.FocusImportService;
import io.ledgerhouse.collect.files.ImportReport;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * In trial mode (the embedded database was started), loads the bundled FOCUS sample on first start so there is
 * something to look at. Later starts find it imported already and skip it.
 */
@ApplicationScoped
public class SampleDataLoader {

    static final String SOURCE = "sample-focus";
    static final String RESOURCE = "sample/focus10_sample_1000.csv";

    @Inject
    FocusImportService imports;

    @Inject
    TrialMode trial;

    void onStart(@Observes StartupEvent event) {
        if (!trial.loadsSampleData()) {
            return;
        }
        if (imports.hasImports(SOURCE)) {
            return;
        }
        try (InputStream in = SampleDataLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                Log.warn("Bundled sample data is missing from the build; nothing loaded");
                return;
            }
            ImportReport r = imports.importFocus(SOURCE, "focus10_sample_1000.csv", in);
            Log.infof("Trial mode: loaded the bundled FOCUS sample (%d charges, import run %d). "
                    + "Try http://localhost:8080/api/v1/costs?from=2024-09-01&to=2024-10-01&groupBy=provider", r.rows(),
                    r.id());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
