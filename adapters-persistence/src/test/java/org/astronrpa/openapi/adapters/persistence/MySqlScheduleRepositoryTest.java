package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.ScheduleRepositoryContract;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlScheduleRepositoryTest extends ScheduleRepositoryContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected ScheduleRepository emptyRepository() {
        return MYSQL.emptyDatabase().schedules();
    }
}
