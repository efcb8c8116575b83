package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.JobLeasesContract;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2JobLeasesTest extends JobLeasesContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected JobLeases noLeases() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.jobLeases();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
