package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.ScheduleRepositoryContract;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;

class InMemoryScheduleRepositoryTest extends ScheduleRepositoryContract {
    @Override
    protected ScheduleRepository emptyRepository() {
        return new InMemoryScheduleRepository();
    }
}
