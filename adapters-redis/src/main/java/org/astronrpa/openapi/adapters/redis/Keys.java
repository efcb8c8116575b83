package org.astronrpa.openapi.adapters.redis;

import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Every key and channel this adapter uses, under one namespace:
 * <ul>
 *   <li>{@code instances} set of instance ids; {@code alive:<instance>} expires when that instance stops beating;
 *       {@code beats} hash instance → when its last completed beat began (epoch ms);
 *   <li>{@code conns:<instance>} hash connection id → {@code owner \n running-execution-or-empty};
 *   <li>{@code robots:<owner>} hash connection id → instance; {@code run:<execution>} → instance;
 *   <li>{@code lease:<task>} → the leading instance; {@code rl:<bucket>} token buckets;
 *   <li>channels {@code to:<instance>} (requests), {@code events}, {@code keys-revoked}, {@code workflows-changed}.
 * </ul>
 */
record Keys(String ns) {
    String instances() {
        return ns + "instances";
    }

    String alive(String instance) {
        return ns + "alive:" + instance;
    }

    String beats() {
        return ns + "beats";
    }

    String connections(String instance) {
        return ns + "conns:" + instance;
    }

    String robotsOf(UserId owner) {
        return robotsOf(owner.value());
    }

    String robotsOf(String owner) {
        return ns + "robots:" + owner;
    }

    String run(ExecutionId execution) {
        return ns + "run:" + execution.value();
    }

    String lease(String task) {
        return ns + "lease:" + task;
    }

    String bucket(String name) {
        return ns + "rl:" + name;
    }

    String inbox(String instance) {
        return ns + "to:" + instance;
    }

    String events() {
        return ns + "events";
    }

    String revokedKeys() {
        return ns + "keys-revoked";
    }

    String workflowChanges() {
        return ns + "workflows-changed";
    }

    String robotChanges() {
        return ns + "robots-changed";
    }
}
