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
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local lowest = nil
            local lowest_at = 1
            local levels = {}
            for i, key in ipairs(KEYS) do
              local per_ms = tonumber(ARGV[2 * i - 1])
              local burst = tonumber(ARGV[2 * i])
              local v = redis.call('HMGET', key, 'tk', 'at')
              local level = burst
              if v[1] then
                level = math.min(burst, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * per_ms)
              end
              levels[i] = level
              if lowest == nil or level < lowest then
                lowest = level
                lowest_at = i
              end
            end
            local allowed = lowest >= 1
            for i, key in ipairs(KEYS) do
              local per_ms = tonumber(ARGV[2 * i - 1])
              local burst = tonumber(ARGV[2 * i])
              local level = levels[i]
              if allowed then level = level - 1 end
              redis.call('HSET', key, 'tk', tostring(level), 'at', tostring(now))
              redis.call('PEXPIRE', key, math.ceil(burst / per_ms) + 1000)
            end
            if allowed then lowest = lowest - 1 end
            return {allowed and 1 or 0, tostring(lowest), lowest_at}
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
    public Decision acquire(List<Bucket> buckets) {
        String[] args = new String[buckets.size() * 2];
        for (int i = 0; i < buckets.size(); i++) {
            args[2 * i] = Double.toString(buckets.get(i).limit().perMinute() / 60_000.0);
            args[2 * i + 1] = Integer.toString(buckets.get(i).limit().burst());
        }
        try {
            List<Object> answer = connection.sync().eval(ACQUIRE, ScriptOutputType.MULTI,
                    buckets.stream().map(bucket -> keys.bucket(bucket.key())).toArray(String[]::new), args);
            boolean allowed = ((Long) answer.get(0)) == 1L;
            Limit lowest = buckets.get((int) (long) (Long) answer.get(2) - 1).limit();
            return Decision.of(allowed, lowest, Double.parseDouble((String) answer.get(1)));
        } catch (RuntimeException e) {
            failures.report("rate limiting", e);
            Limit first = buckets.getFirst().limit();
            return Decision.of(true, first, first.burst());
        }
    }
}
