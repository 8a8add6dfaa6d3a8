package io.ledgerhouse.trial;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether this start is the zero-config trial that loads sample data, and how its demo sources load. */
@ApplicationScoped
public class TrialMode {

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
