package io.ledgerhouse.collect.files;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Importing FOCUS files, through the API and through a watched folder. */
@ConfigMapping(prefix = "ledgerhouse.import")
public interface FileImportConfig {

    /**
     * A folder watched for FOCUS files ({@code .csv}, {@code .csv.gz}, {@code .gz}). Each file is imported and moved to
     * {@code done/} or, with an error report beside it, to {@code failed/}. No folder is watched when unset.
     */
    Optional<Path> dir();

    /** How often the watched folder is scanned. */
    @WithDefault("30s")
    String poll();

    /** A file is picked up only once it has not changed for this long, so half-copied files are left alone. */
    @WithDefault("5s")
    Duration settle();

    /** The source imports land in when none is named (uploads without {@code ?source=}, and the watched folder). */
    @WithDefault("focus")
    String defaultSource();

    /** The longest one import may take before its transaction is rolled back. */
    @WithDefault("4h")
    Duration transactionTimeout();
}
