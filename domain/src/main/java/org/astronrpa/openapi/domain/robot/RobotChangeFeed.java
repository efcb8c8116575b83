package org.astronrpa.openapi.domain.robot;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.RecentEventIds;

/**
 * Spreads robot events to every instance: the one holding a robot's connection takes its owner's changes at once, an
 * older connection of a robot that connected elsewhere is closed, watchers hear of robots coming and going. A single
 * instance hears only itself. An event announced again (the outbox delivers at least once, possibly through another
 * instance) is heard once per instance. Implementations never throw, not even when a listener does.
 */
public interface RobotChangeFeed {

    /** Far more robot events than happen in the 30 s after which a dead relay's events are published again. */
    int REMEMBERED_EVENT_IDS = 100_000;

    /** Tells every instance (this one included) of {@code event}. */
    void announce(RobotEvent event);

    /** Calls {@code listener} with each event announced on any instance, once per event. */
    void listen(Consumer<RobotEvent> listener);

    /** One instance: the announcement goes straight to its own listeners. */
    static RobotChangeFeed inProcess() {
        return new RobotChangeFeed() {
            private final CopyOnWriteArrayList<Consumer<RobotEvent>> listeners = new CopyOnWriteArrayList<>();
            private final RecentEventIds heard = new RecentEventIds(REMEMBERED_EVENT_IDS);

            @Override
            public void announce(RobotEvent event) {
                if (!heard.firstTime(event.eventId())) {
                    return;
                }
                for (Consumer<RobotEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        System.getLogger(RobotChangeFeed.class.getName()).log(System.Logger.Level.WARNING,
                                "a robot event listener failed", e);
                    }
                }
            }

            @Override
            public void listen(Consumer<RobotEvent> listener) {
                listeners.add(listener);
            }
        };
    }
}
