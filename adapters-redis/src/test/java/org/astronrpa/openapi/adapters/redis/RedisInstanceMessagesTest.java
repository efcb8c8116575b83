package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.contract.Await;
import org.astronrpa.openapi.domain.contract.InstanceMessagesContract;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisInstanceMessagesTest extends InstanceMessagesContract {
    private final Fabrics fabrics = new Fabrics();
    private final Map<String, InstanceMessages> instances = new HashMap<>();

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected InstanceMessages instance(String id) {
        return instances.computeIfAbsent(id, i -> fabrics.get(i).messages());
    }

    /** What instances that have each other add: the addressed one hears the request (in no particular order). */
    @Test
    void aRequestReachesTheAddressedInstanceAndNoOther() {
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        instance("a").receive(atA);
        instance("b").receive(atB);
        InstanceMessages c = instance("c");
        c.requestStop("a", new ExecutionId("e-6"));
        c.requestStop("a", new ExecutionId("e-7"));
        c.requestStop("b", new ExecutionId("e-8"));
        Await.until(() -> atA.heard.size() == 2 && atB.heard.size() == 1, "the requests arrived");
        assertEquals(Set.of("stop e-6", "stop e-7"), Set.copyOf(atA.heard));
        assertEquals(List.of("stop e-8"), atB.heard);
    }

    @Test
    void aReceiverThatThrowsStillHearsLaterRequests() {
        Recorder atA = new Recorder() {
            @Override
            public void stop(ExecutionId execution) {
                super.stop(execution);
                if (execution.value().equals("e-6")) {
                    throw new IllegalStateException("a broken receiver");
                }
            }
        };
        instance("a").receive(atA);
        instance("b").requestStop("a", new ExecutionId("e-6"));
        Await.until(() -> atA.heard.size() == 1, "the first request arrived");
        instance("b").requestStop("a", new ExecutionId("e-7"));
        Await.until(() -> atA.heard.size() == 2, "the later request arrived");
        assertEquals(List.of("stop e-6", "stop e-7"), atA.heard);
    }

    /** An instance of an earlier version asks for dispatches too: heard quietly, and later requests still are. */
    @Test
    void anEarlierVersionsDispatchRequestIsDroppedAndLaterRequestsStillArrive() {
        Recorder atA = new Recorder();
        instance("a").receive(atA);
        try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(TestRedis.url());
             var connection = client.connect()) {
            connection.sync().publish(new Keys(TestRedis.settings(fabrics.namespace(), "a").namespace()).inbox("a"),
                    "d alice");
        }
        instance("b").requestStop("a", new ExecutionId("e-7"));
        Await.until(() -> atA.heard.size() == 1, "the stop arrived");
        Await.pause(java.time.Duration.ofMillis(200));
        assertEquals(List.of("stop e-7"), atA.heard);
    }
}
