package io.ledgerhouse.collect.bigquery;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import io.ledgerhouse.collect.bigquery.engine.BigQueryProjectSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds clients of the real google-cloud-bigquery library (REST/JSON transport) for configured projects. Credentials
 * are read when a client is built, from a service-account key file (its path configured, or named by an environment
 * variable) or from the application default credentials; they are never stored or logged. A project with a host
 * override and no key file (the tests' local fake) uses no credentials.
 */
public final class BigQueryConnector {

    static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery");

    private final Function<String, String> environment;

    /** A connector reading environment variables through {@code environment} (System::getenv in production). */
    public BigQueryConnector(Function<String, String> environment) {
        this.environment = environment;
    }

    /** A client for the named project; {@code retry} replaces the library's retry settings when given. */
    public BigQuery open(String name, BigQueryProjectSettings settings, Optional<RetrySettings> retry) {
        BigQueryOptions.Builder b = BigQueryOptions.newBuilder()
                .setProjectId(settings.project(name))
                .setUseInt64Timestamps(true)
                .setCredentials(credentials(name, settings));
        settings.host().ifPresent(b::setHost);
        retry.ifPresent(b::setRetrySettings);
        return b.build().getService();
    }

    private Credentials credentials(String name, BigQueryProjectSettings settings) {
        Optional<Path> keyFile = settings.credentialsFile().or(() -> settings.credentialsFileEnv()
                .map(environment).filter(v -> !v.isBlank()).map(Path::of));
        if (keyFile.isPresent()) {
            try (InputStream in = Files.newInputStream(keyFile.get())) {
                return GoogleCredentials.fromStream(in).createScoped(SCOPES);
            } catch (IOException e) {
                // the path may be shown, the file's content never is
                throw new UncheckedIOException("cannot read the key file configured for BigQuery project '" + name
                        + "'", e);
            }
        }
        if (settings.credentialsFileEnv().isPresent()) {
            throw new IllegalStateException("environment variable " + settings.credentialsFileEnv().get()
                    + " (key file of BigQuery project '" + name + "') is not set");
        }
        if (settings.host().isPresent()) {
            return NoCredentials.getInstance();
        }
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
        } catch (IOException e) {
            throw new UncheckedIOException("no application default credentials for BigQuery project '" + name + "'", e);
        }
    }
}
