package org.postbox.mailstore.jpa;

import java.sql.SQLException;
import java.util.Optional;

import org.postbox.mailstore.StoreUnavailableException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** How database failures reach the store boundary: as typed store errors, never raw. */
final class StoreFailures {

    /** PostgreSQL's SQLSTATE for a unique constraint violated. */
    static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's SQLSTATE for a foreign key violated. */
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private StoreFailures() {
    }

    static StoreUnavailableException unavailable(String action, Throwable failure) {
        String reason = sqlCause(failure).map(SQLException::getMessage).orElse(String.valueOf(failure.getMessage()));
        return new StoreUnavailableException(action + ": database unavailable: " + reason, failure);
    }

    /** The innermost SQL failure that caused {@code failure}, if any. */
    static Optional<SQLException> sqlCause(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code failure} was caused by the constraint violation {@code sqlState}. */
    static boolean violated(Throwable failure, String sqlState) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} was caused by violating the constraint (or unique index) named
     * {@code constraint}: for a change that several constraints guard, each meaning another
     * typed error.
     */
    static boolean violatedConstraint(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof PSQLException sql) {
                ServerErrorMessage detail = sql.getServerErrorMessage();
                if (detail != null && constraint.equals(detail.getConstraint())) {
                    return true;
                }
            }
        }
        return false;
    }
}
