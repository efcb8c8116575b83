package org.astronrpa.openapi.adapters.redis;

import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.contract.KeyRevocationFeedContract;
import org.junit.jupiter.api.AfterEach;

class RedisKeyRevocationFeedTest extends KeyRevocationFeedContract {
    private final Fabrics fabrics = new Fabrics();
    private final Map<String, KeyRevocationFeed> instances = new HashMap<>();

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected KeyRevocationFeed instance(String id) {
        return instances.computeIfAbsent(id, i -> fabrics.get(i).keyRevocations());
    }
}
