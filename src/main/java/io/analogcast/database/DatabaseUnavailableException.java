package io.analogcast.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The database could not be reached (stopped, restarting, unreachable, or no pooled connection free in time):
 * the request was not acknowledged, and the same request may succeed a little later.
 */
public class DatabaseUnavailableException extends RuntimeException {

    /** What a client is told to wait before retrying. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure as a {@code DatabaseUnavailableException} when it says the database is unreachable, else the
     * failure itself (a wrong statement is a bug, not an outage). Causes and suppressed failures are both read: a
     * transaction manager reports the database's reason for a failed commit as suppressed (Narayana's
     * "Could not commit transaction" carries the driver's "terminating connection" that way).
     */
    public static RuntimeException classify(RuntimeException failure) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof DatabaseUnavailableException unavailable) {
                return unavailable;
            }
            if (unreachable(t)) {
                return new DatabaseUnavailableException("the database cannot be reached: " + t.getMessage(), failure);
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return failure;
    }

    private static boolean unreachable(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof ConnectException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08: connection exceptions; 57P01-03: the server shuts down or cannot accept connections yet
            if (state != null) {
                return state.startsWith("08") || state.startsWith("57P");
            }
            // the pool's own refusal (Agroal: "Sorry, acquisition timeout!") carries no SQL state
            return sql.getMessage() != null && sql.getMessage().contains("acquisition timeout");
        }
        return false;
    }
}
