package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.contract.AuditLogContract;

class InMemoryAuditLogTest extends AuditLogContract {
    @Override
    protected AuditLog emptyLog() {
        return new InMemoryAuditLog();
    }
}
