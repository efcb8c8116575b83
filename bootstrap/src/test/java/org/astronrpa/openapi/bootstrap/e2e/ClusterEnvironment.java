package org.astronrpa.openapi.bootstrap.e2e;

import java.util.Map;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.redis.TestRedis;

/** The settings that make instances cooperate: one MySQL database, one Redis namespace, one pepper. */
public final class ClusterEnvironment {
    private ClusterEnvironment() {
    }

    public static Map<String, String> of(MySqlTestDatabase database, String namespace) {
        Map<String, String> env = database.environment();
        env.put("REDIS_URL", TestRedis.url());
        env.put("REDIS_NAMESPACE", namespace);
        env.put("API_KEY_PEPPER", "cluster-test-pepper-0123456789");
        return env;
    }
}
