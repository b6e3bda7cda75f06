package io.analogcast.database;

import java.sql.Connection;
import java.sql.SQLException;

/** Plain-JDBC work in one transaction: committed as a whole or rolled back, the connection's mode restored. */
public final class JdbcTransactions {

    /** Work that may fail with a database error. */
    public interface Work {
        void run() throws SQLException;
    }

    private JdbcTransactions() {
    }

    /**
     * Runs the work and commits it. When the work or the commit fails, the rollback and the restored mode may fail
     * too (the connection is gone when the database is): those failures are attached to the first one, which is
     * what the caller sees, so a lost connection is still reported as one.
     */
    public static void inTransaction(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            attempt(connection::rollback, e);
            attempt(() -> connection.setAutoCommit(autoCommit), e);
            throw e;
        }
        connection.setAutoCommit(autoCommit);
    }

    private static void attempt(Work cleanup, Exception failure) {
        try {
            cleanup.run();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
