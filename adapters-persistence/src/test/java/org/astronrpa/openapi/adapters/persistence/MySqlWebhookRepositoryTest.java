package org.astronrpa.openapi.adapters.persistence;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.contract.WebhookRepositoryContract;
import org.astronrpa.openapi.domain.shared.SecretBox;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlWebhookRepositoryTest extends WebhookRepositoryContract {
    static final SecretBox BOX = SecretBox.derived("a pepper for the webhook tests", "webhook-secrets",
            new SecureRandom()::nextBytes);
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected WebhookRepository emptyRepository() {
        database = MySqlDeliveryRepositoryTest.emptied(MYSQL.emptyDatabase());
        return database.webhooks(BOX);
    }

    @Override
    protected DeliveryRepository deliveries() {
        return database.deliveries();
    }

    @Override
    protected Optional<List<String>> storedSecrets(WebhookId id) {
        return Optional.of(storedSecrets(database, id));
    }

    /** The secret columns of a webhook's row, as SQL reads them. */
    static List<String> storedSecrets(Database database, WebhookId id) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT secret, previous_secret FROM webhooks WHERE id = :id")
                .bind("id", id.value())
                .map((row, context) -> Arrays.asList(row.getString("secret"), row.getString("previous_secret")))
                .one());
    }
}
