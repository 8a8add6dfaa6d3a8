package io.ledgerhouse.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Plain JDBC work in a transaction of its own. */
public final class Jdbc {

    private Jdbc() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a connection in a new transaction, committed when it returns, rolled back if it throws. */
    public static <T> T inNewTransaction(DataSource dataSource, Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.apply(c);
            }
        });
    }
}
