package org.astronrpa.openapi.application.audit;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.Attribution;

/**
 * Who the work of the current thread is done for: an inbound adapter binds the caller of the request it serves
 * around the use case it calls ({@link #bind}), the scheduler the schedule it fires; what the changes of that work
 * record in the audit log names them. Work bound to nobody is the service's own ({@link Attribution#SYSTEM}).
 * A binding is undone when its scope closes, so that a pooled thread carries none into its next task.
 */
public final class Attributions {
    private final ThreadLocal<Attribution> current = new ThreadLocal<>();

    /** Undoes a {@link #bind}; closing twice is harmless. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** Who the current thread works for now. */
    public Attribution current() {
        Attribution bound = current.get();
        return bound == null ? Attribution.SYSTEM : bound;
    }

    /** Until the binding closes, the current thread works for {@code attribution}. */
    public Binding bind(Attribution attribution) {
        Attribution before = current.get();
        current.set(attribution);
        return () -> {
            if (before == null) {
                current.remove();
            } else {
                current.set(before);
            }
        };
    }

    /** The attribution of what {@code caller} does in request {@code requestId}. */
    public static Attribution of(Caller caller, String requestId) {
        Actor actor = switch (caller.method()) {
            case GATEWAY -> Actor.user(caller.userId());
            case API_KEY -> Actor.apiKey(caller.userId(), caller.apiKeyId(), caller.keyPrefix());
            case ROBOT -> Actor.robot(caller.userId(), caller.robot().value());
        };
        return new Attribution(actor, caller.address(), requestId == null || requestId.isEmpty() ? null : requestId);
    }
}
