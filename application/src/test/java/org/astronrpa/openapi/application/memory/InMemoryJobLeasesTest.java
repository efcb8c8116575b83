package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.JobLeasesContract;
import org.astronrpa.openapi.domain.shared.JobLeases;

class InMemoryJobLeasesTest extends JobLeasesContract {
    @Override
    protected JobLeases noLeases() {
        return new InMemoryJobLeases();
    }
}
