package org.astronrpa.openapi.bootstrap.outbox;

import java.nio.file.Path;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxRelayQuarantineTest extends OutboxRelayQuarantineContract {
    @TempDir
    Path dataDir;

    @Override
    protected PersistenceConfig database() {
        return PersistenceConfig.embedded(dataDir);
    }
}
