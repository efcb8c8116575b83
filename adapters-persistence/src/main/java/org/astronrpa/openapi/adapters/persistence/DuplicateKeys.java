package org.astronrpa.openapi.adapters.persistence;

import java.sql.SQLException;

/** Recognises a unique-key violation in H2's and MySQL/MariaDB's way of reporting it. */
final class DuplicateKeys {
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    private static final int MYSQL_DUPLICATE_ENTRY = 1062;
    private static final int MYSQL_DUPLICATE_ENTRY_WITH_KEY_NAME = 1586;

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
}
