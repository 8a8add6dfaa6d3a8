package io.ledgerhouse.collect.bigquery.fakes;

import io.ledgerhouse.trial.SimulatedBigQueryServer;
import com.google.api.gax.retrying.RetrySettings;
import io.ledgerhouse.collect.bigquery.BigQueryCollector;
import io.ledgerhouse.collect.bigquery.BigQueryConnector;
import io.ledgerhouse.collect.bigquery.engine.BigQueryProjectSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** BigQuery project settings as tests write them, and clients of the real library pointed at a fake. */
public final class TestProjects {

    private TestProjects() {
    }

    public record Settings(Optional<String> projectId, List<String> regions, Optional<String> adminProject,
            Optional<Path> credentialsFile, Optional<String> credentialsFileEnv, Optional<String> host)
            implements BigQueryProjectSettings {
    }

    /** Retries kept short, so a failing fake fails a run in milliseconds (the library's default backs off ~minutes). */
    public static final RetrySettings QUICK_RETRY = RetrySettings.newBuilder().setMaxAttempts(2)
            .setInitialRetryDelayDuration(Duration.ofMillis(5)).setMaxRetryDelayDuration(Duration.ofMillis(5))
            .setRetryDelayMultiplier(1.0).setTotalTimeoutDuration(Duration.ofSeconds(60))
            .setInitialRpcTimeoutDuration(Duration.ofSeconds(20)).setMaxRpcTimeoutDuration(Duration.ofSeconds(20))
            .setRpcTimeoutMultiplier(1.0).build();

    /** A session of the real client against {@code fake}, as project {@code fx-proj}. */
    public static BigQueryCollector.Session session(SimulatedBigQueryServer fake) {
        Settings s = new Settings(Optional.of(FixtureProject.PROJECT), List.of(FixtureProject.REGION),
                Optional.of(FixtureProject.ADMIN), Optional.empty(), Optional.empty(), Optional.of(fake.host()));
        BigQueryConnector connector = new BigQueryConnector(k -> null);
        return () -> connector.open("fx", s, Optional.of(QUICK_RETRY));
    }
}
