package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.JobLeasesContract;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.junit.jupiter.api.AfterAll;

class MySqlJobLeasesTest extends JobLeasesContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected JobLeases noLeases() {
        return MYSQL.emptyDatabase().jobLeases();
    }
}
