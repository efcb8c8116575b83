package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.contract.AuditLogContract;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.Test;

/** The audit log in the database: all of {@link AuditLogContract}, and appends that join the change's transaction. */
abstract class StoredAuditLogContract extends AuditLogContract {

    /** The transactions of the database {@link #emptyLog()} opened. */
    protected abstract Transactions transactions();

    @Test
    void entriesAppendedInATransactionThatRollsBackAreNotThere() {
        Transactions transactions = transactions();
        assertThrows(IllegalStateException.class, () -> transactions.atomically(() -> {
            log.append(List.of(entry("gone", T0, ALICE, Actor.user(ALICE), "workflow.deleted", "workflow", "p")));
            throw new IllegalStateException("the change failed");
        }));
        transactions.atomically(() -> {
            log.append(List.of(entry("kept", T0, ALICE, Actor.user(ALICE), "workflow.deleted", "workflow", "p")));
            return null;
        });
        assertEquals(List.of("kept"), ids(AuditQuery.all(ALICE)));
    }
}
