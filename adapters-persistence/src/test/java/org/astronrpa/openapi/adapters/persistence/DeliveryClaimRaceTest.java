package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A claim chosen as a deadlock's victim (MariaDB rolls it back whole) is the domain's lost race, which the delivery
 * worker claims again at once; any other failure passes unchanged. The database is a connection that answers every
 * statement with the failure MariaDB's driver throws.
 */
class DeliveryClaimRaceTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static Jdbi failingWith(SQLException failure) {
        return Jdbi.create(() -> (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "prepareStatement", "createStatement", "prepareCall" -> throw failure;
                    case "getAutoCommit", "isValid" -> true;
                    case "getTransactionIsolation" -> Connection.TRANSACTION_REPEATABLE_READ;
                    case "isClosed", "isReadOnly" -> false;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                }));
    }

    @Test
    void aDeadlockVictimsClaimIsALostRace() {
        JdbiDeliveryRepository deliveries = new JdbiDeliveryRepository(failingWith(
                new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213)), false);

        assertThrows(ConcurrentUpdate.class,
                () -> deliveries.claim("instance-a", NOW, Duration.ofSeconds(30), 10, Set.of()));
    }

    @Test
    void anyOtherFailureIsNot() {
        JdbiDeliveryRepository deliveries = new JdbiDeliveryRepository(failingWith(
                new SQLException("Table 'webhook_deliveries' doesn't exist", "42S02", 1146)), false);

        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> deliveries.claim("instance-a", NOW, Duration.ofSeconds(30), 10, Set.of()));
        assertFalse(failed instanceof ConcurrentUpdate, failed.toString());
    }
}
