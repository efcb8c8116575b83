package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.contract.WebhookRepositoryContract;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2WebhookRepositoryTest extends WebhookRepositoryContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected WebhookRepository emptyRepository() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.webhooks(MySqlWebhookRepositoryTest.BOX);
    }

    @Override
    protected DeliveryRepository deliveries() {
        return database.deliveries();
    }

    @Override
    protected Optional<List<String>> storedSecrets(WebhookId id) {
        return Optional.of(MySqlWebhookRepositoryTest.storedSecrets(database, id));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
