package org.astronrpa.openapi.adapters.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.Unavailable;

/**
 * Where a database that cannot be reached becomes the domain's {@link Unavailable}: a connection the pool could not
 * give in time, or one lost to a server that is down or restarting. Every port the adapter hands out is wrapped, so
 * no caller has to recognise JDBC's or Jdbi's exceptions; other failures (a bug, a broken statement) pass unchanged.
 */
final class DatabaseFailures {
    /** A little more than the pool's connection timeout: a restart of the server usually takes that long. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final String CONNECTION_STATE_CLASS = "08";

    private DatabaseFailures() {
    }

    /** {@code adapter} behind {@code port}, throwing {@link Unavailable} where the database does not answer. */
    static <T> T guarded(Class<T> port, T adapter) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            try {
                return method.invoke(adapter, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException failure ? translated(failure) : e.getCause();
            }
        }));
    }

    /** {@code failure} as {@link Unavailable} when it comes from a database that does not answer, else itself. */
    static RuntimeException translated(RuntimeException failure) {
        if (failure instanceof DomainException || !unreachable(failure)) {
            return failure;
        }
        return new Unavailable("database", RETRY_AFTER, failure);
    }

    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || (cause instanceof SQLException sql && sql.getSQLState() != null
                            && sql.getSQLState().startsWith(CONNECTION_STATE_CLASS))) {
                return true;
            }
        }
        return false;
    }
}
