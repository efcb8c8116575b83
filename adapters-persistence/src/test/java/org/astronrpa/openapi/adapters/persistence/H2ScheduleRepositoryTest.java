package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.ScheduleRepositoryContract;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2ScheduleRepositoryTest extends ScheduleRepositoryContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected ScheduleRepository emptyRepository() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.schedules();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
