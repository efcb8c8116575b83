package org.astronrpa.openapi.adapters.persistence;

import java.sql.SQLException;

/** Recognises a unique-key violation, and the other ways a concurrent writer wins, as H2 and MySQL/MariaDB say it. */
final class DuplicateKeys {
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    private static final int MYSQL_DUPLICATE_ENTRY = 1062;
    private static final int MYSQL_DUPLICATE_ENTRY_WITH_KEY_NAME = 1586;
    /** H2 refuses a key another uncommitted transaction holds with this, not with a duplicate-key error. */
    private static final int H2_CONCURRENT_UPDATE = 90131;
    private static final String SERIALIZATION_FAILURE_STATE = "40001";

    private DuplicateKeys() {
    }

    static boolean isViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (UNIQUE_VIOLATION_STATE.equals(sql.getSQLState())
                    || sql.getErrorCode() == MYSQL_DUPLICATE_ENTRY
                    || sql.getErrorCode() == MYSQL_DUPLICATE_ENTRY_WITH_KEY_NAME)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a write failed only because a concurrent one took its key first: a duplicate key, H2's concurrent
     * update, or a serialization failure (a deadlock victim on MySQL). Trying again is then safe.
     */
    static boolean isLostRace(Throwable failure) {
        if (isViolation(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() == H2_CONCURRENT_UPDATE
                    || SERIALIZATION_FAILURE_STATE.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
