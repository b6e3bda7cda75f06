package io.analogcast.database;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

class DatabaseUnavailableExceptionTest {

    private static final SQLException TERMINATED =
            new SQLException("FATAL: terminating connection due to administrator command", "57P01");

    @Test
    void aLostConnectionInTheCauseChainIsAnOutage() {
        RuntimeException failure = new IllegalStateException("could not write observations", TERMINATED);

        assertInstanceOf(DatabaseUnavailableException.class, DatabaseUnavailableException.classify(failure));
    }

    /** The shape Narayana gives a commit that failed because PostgreSQL shut down (seen under .ci/postgres-restart.sh). */
    @Test
    void aLostConnectionReportedAsSuppressedIsAnOutage() {
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        Exception xa = new Exception("Error trying to transactionCommit local transaction", TERMINATED);
        rollback.addSuppressed(xa);
        RuntimeException failure = new RuntimeException(rollback);

        assertInstanceOf(DatabaseUnavailableException.class, DatabaseUnavailableException.classify(failure));
    }

    @Test
    void aWrongStatementIsNotAnOutage() {
        RuntimeException failure = new IllegalStateException("bad",
                new SQLException("ERROR: syntax error at or near \"selec\"", "42601"));

        assertSame(failure, DatabaseUnavailableException.classify(failure));
    }

    @Test
    void failuresThatReferToEachOtherEndTheSearch() {
        RuntimeException failure = new RuntimeException("outer");
        Exception inner = new Exception("inner", failure);
        failure.addSuppressed(inner);

        assertSame(failure, DatabaseUnavailableException.classify(failure));
    }
}
