package io.ledgerhouse.collect.bigquery.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach one BigQuery project (the configuration mapping implements it; tests pass a record). Credentials are
 * never values here: a key file's path, or the name of the environment variable holding that path, or, with neither,
 * the application default credentials (workload identity, gcloud).
 */
public interface BigQueryProjectSettings {

    /** The project id; default: the configured name. */
    Optional<String> projectId();

    /** Regions to read, e.g. {@code us}, {@code eu}, {@code europe-west3}. */
    List<String> regions();

    /** The reservations' admin project; none: reservations and commitments are not read. */
    Optional<String> adminProject();

    /** A service-account key file (JSON). */
    Optional<Path> credentialsFile();

    /** The environment variable that holds the key file's path. */
    Optional<String> credentialsFileEnv();

    /** Another API root than https://bigquery.googleapis.com (tests: the local fake). */
    Optional<String> host();

    /** The project's id for a configured name. */
    default String project(String name) {
        return projectId().orElse(name);
    }

    /** What may be shown of these settings: everything but secrets, and where credentials come from. */
    static Map<String, Object> redacted(String name, BigQueryProjectSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "BIGQUERY");
        out.put("projectId", s.project(name));
        out.put("regions", s.regions());
        s.adminProject().ifPresent(a -> out.put("adminProject", a));
        s.host().ifPresent(h -> out.put("host", h));
        out.put("credentials", s.credentialsFile().map(p -> "key file " + p)
                .or(() -> s.credentialsFileEnv().map(e -> "key file named by environment variable " + e))
                .orElse(s.host().isPresent() ? "none (local host)" : "application default credentials"));
        return out;
    }
}
