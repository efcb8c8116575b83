package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to one instance, published on its own channel {@code to:<instance>} as {@code s <execution>}. Instances
 * of earlier versions also sent {@code d <owner>} (look at a queue); the execution bus tells of queued work now, so
 * such a request, heard during a rolling upgrade, is dropped without a word.
 */
final class RedisInstanceMessages implements InstanceMessages {
    private static final Logger LOG = LoggerFactory.getLogger(RedisInstanceMessages.class);
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final String self;
    private final Failures failures;
    private final BiConsumer<String, Consumer<String>> subscribe;

    RedisInstanceMessages(StatefulRedisConnection<String, String> connection, Keys keys, String self, Failures failures,
                          BiConsumer<String, Consumer<String>> subscribe) {
        this.connection = connection;
        this.keys = keys;
        this.self = self;
        this.failures = failures;
        this.subscribe = subscribe;
    }

    @Override
    public void requestStop(String instance, ExecutionId execution) {
        failures.quietly("asking " + instance + " to stop a run", () -> connection.async().publish(keys.inbox(instance),
                "s " + execution.value()));
    }

    @Override
    public void receive(Receiver receiver) {
        subscribe.accept(keys.inbox(self), message -> {
            try {
                String argument = message.length() > 2 ? message.substring(2) : "";
                switch (message.charAt(0)) {
                    case 'd' -> {
                        // an earlier version's dispatch hint: this instance hears of queued work on the bus
                    }
                    case 's' -> receiver.stop(new ExecutionId(argument));
                    default -> LOG.warn("ignored an unknown request from another instance: {}", message);
                }
            } catch (RuntimeException e) {
                LOG.warn("a request from another instance failed: {}", e.toString());
            }
        });
    }
}
