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

    public static void inTransaction(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
