package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.contract.ApiKeyStoreContract;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore emptyStore() {
        return new InMemoryApiKeyStore();
    }
}
