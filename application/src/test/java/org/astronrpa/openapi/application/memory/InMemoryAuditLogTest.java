package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.contract.AuditLogContract;
import org.astronrpa.openapi.domain.shared.Transactions;

class InMemoryAuditLogTest extends AuditLogContract {
    @Override
    protected AuditLog emptyLog() {
        return new InMemoryAuditLog();
    }

    @Override
    protected Transactions transactions() {
        return null;
    }
}
