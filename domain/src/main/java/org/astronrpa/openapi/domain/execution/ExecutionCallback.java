package org.astronrpa.openapi.domain.execution;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.ReceiverUrl;

/**
 * Where an execution's own events go, asked for when it was started: a URL and which of its events (by default its
 * end, however it ends). Delivered like a webhook's, signed with its owner's callback secret.
 */
public record ExecutionCallback(URI url, Set<String> events) {
    /** The events of an execution, by their wire names, in the API's order. */
    public static final List<String> EVENTS = List.of("execution.queued", "execution.started",
            "execution.completed", "execution.failed", "execution.cancelled", "execution.timed_out");
    /** Its end, however it ends: what a callback asks for unless it says. */
    public static final List<String> ENDS = List.of("execution.completed", "execution.failed",
            "execution.cancelled", "execution.timed_out");

    public ExecutionCallback {
        Objects.requireNonNull(url, "url");
        events = Set.copyOf(events);
        if (events.isEmpty() || !EVENTS.containsAll(events)) {
            throw new IllegalArgumentException("a callback names one or more of an execution's events");
        }
    }

    /** The events in the API's order. */
    public List<String> orderedEvents() {
        return EVENTS.stream().filter(events::contains).toList();
    }

    public boolean wants(String topic) {
        return events.contains(topic);
    }

    /**
     * A callback from a request's {@code callback} object.
     *
     * @param events null: {@link #ENDS}
     * @throws InvalidInput naming {@code callback.url} or {@code callback.events}
     */
    public static ExecutionCallback checked(String url, List<String> events, boolean allowHttp) {
        FieldErrors errors = new FieldErrors();
        URI uri = errors.collect(() -> ReceiverUrl.checked("callback.url", url, allowHttp));
        Set<String> named = new LinkedHashSet<>(events == null ? ENDS : events);
        if (named.isEmpty() || !EVENTS.containsAll(named)) {
            errors.add("callback.events", "name one or more of " + String.join(", ", EVENTS)
                    + " (default: " + String.join(", ", ENDS) + ")");
        }
        errors.throwIfAny();
        return new ExecutionCallback(uri, named);
    }

    /** As stored: the events comma-joined, a space, the URL (which has no space). */
    public String encoded() {
        return String.join(",", orderedEvents()) + " " + url;
    }

    /** What {@link #encoded()} wrote; null for null. */
    public static ExecutionCallback decode(String stored) {
        if (stored == null) {
            return null;
        }
        int space = stored.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("not a stored callback");
        }
        List<String> events = new ArrayList<>(List.of(stored.substring(0, space).split(",")));
        return new ExecutionCallback(URI.create(stored.substring(space + 1)), new LinkedHashSet<>(events));
    }
}
