package io.ledgerhouse.trial;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether this start is the zero-config trial that loads sample data, and how its demo sources load. */
@ApplicationScoped
public class TrialMode {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock;

    @ConfigProperty(name = "ledgerhouse.embedded-db.running", defaultValue = "false")
    boolean embedded;
    /** Load the bundled and generated sample data when running on the embedded database. */
    @ConfigProperty(name = "ledgerhouse.trial.sample-data", defaultValue = "true")
    boolean sampleData;

    /** A demo source's loading, which may fail. */
    @FunctionalInterface
    interface Load {
        void run() throws Exception;
    }

    /** True on the embedded database unless sample data is switched off. */
    public boolean loadsSampleData() {
        return embedded && sampleData;
    }

    /** Today (UTC), the last day of the demo sources' generated history. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Whether a collection of the demo source {@code source} succeeded (on an earlier start, say). */
    boolean collected(String source) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM "
                + "collector_run r JOIN source s ON s.id = r.source_id WHERE s.name = ? AND r.status = 'SUCCEEDED'")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Runs {@code load} on a daemon thread, so start-up does not wait for it and a failure only costs the demo
     * {@code what} (logged), never the start.
     */
    void inBackground(String thread, String what, Load load) {
        Thread loader = new Thread(() -> {
            try {
                load.run();
            } catch (Exception e) {
                Log.warnf(e, "Trial mode: the demo %s could not be loaded", what);
            }
        }, thread);
        loader.setDaemon(true);
        loader.start();
    }
}
