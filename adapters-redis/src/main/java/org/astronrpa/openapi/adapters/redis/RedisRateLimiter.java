package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;

/**
 * Token buckets shared by every instance: one Lua script takes a token from each named bucket, all or none,
 * atomically, on Redis's clock (so instances' clocks do not matter). A bucket is a hash {@code tk} (tokens, a
 * decimal) and {@code at} (ms), expiring once it would be full again. When Redis fails, requests are allowed.
 */
final class RedisRateLimiter implements RateLimiter {
    private static final String ACQUIRE = """
            local per_ms = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local lowest = burst
            local levels = {}
            for i, key in ipairs(KEYS) do
              local v = redis.call('HMGET', key, 'tk', 'at')
              local level = burst
              if v[1] then
                level = math.min(burst, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * per_ms)
              end
              levels[i] = level
              if level < lowest then lowest = level end
            end
            local allowed = lowest >= 1
            local ttl = math.ceil(burst / per_ms) + 1000
            for i, key in ipairs(KEYS) do
              local level = levels[i]
              if allowed then level = level - 1 end
              redis.call('HSET', key, 'tk', tostring(level), 'at', tostring(now))
              redis.call('PEXPIRE', key, ttl)
            end
            if allowed then lowest = lowest - 1 end
            return {allowed and 1 or 0, tostring(lowest)}
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final Failures failures;

    RedisRateLimiter(StatefulRedisConnection<String, String> connection, Keys keys, Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.failures = failures;
    }

    @Override
    public Decision acquire(List<String> buckets, Limit limit) {
        try {
            List<Object> answer = connection.sync().eval(ACQUIRE, ScriptOutputType.MULTI,
                    buckets.stream().map(keys::bucket).toArray(String[]::new),
                    Double.toString(limit.perMinute() / 60_000.0), Integer.toString(limit.burst()));
            boolean allowed = ((Long) answer.get(0)) == 1L;
            return Decision.of(allowed, limit, Double.parseDouble((String) answer.get(1)));
        } catch (RuntimeException e) {
            failures.report("rate limiting", e);
            return Decision.of(true, limit, limit.burst());
        }
    }
}
