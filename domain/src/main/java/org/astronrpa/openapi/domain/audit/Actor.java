package org.astronrpa.openapi.domain.audit;

import java.util.Locale;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Who did something the audit log records: a user through the trusted gateway, one of a user's API keys (its id and
 * the prefix its owner sees), a managed robot by its credential, a schedule of a user firing, or the service itself.
 * {@code user} is the user acting (the key's, robot's or schedule's owner); {@code null} only for the service and for
 * a credential nobody owns (a failed authentication with an unknown key).
 */
public record Actor(Type type, UserId user, String keyId, String keyPrefix, String robotId, String scheduleId) {

    /** The kinds of actor, by their wire names ({@code api_key}, …). */
    public enum Type {
        USER, API_KEY, ROBOT, SCHEDULE, SYSTEM, ANONYMOUS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type of a wire name, or {@code null} for none. */
        public static Type ofWire(String wire) {
            for (Type type : values()) {
                if (type.wire().equals(wire)) {
                    return type;
                }
            }
            return null;
        }
    }

    /** The service itself: a timeout, the scheduler pausing a schedule, a receiver's subscription disabled. */
    public static final Actor SYSTEM = new Actor(Type.SYSTEM, null, null, null, null, null);

    public Actor {
        Objects.requireNonNull(type, "type");
        boolean owned = type != Type.SYSTEM && type != Type.ANONYMOUS;
        if (owned != (user != null)) {
            throw new IllegalArgumentException("a " + type.wire() + " actor " + (owned ? "names" : "has no") + " user");
        }
        if ((type == Type.API_KEY) != (keyId != null) && type != Type.ANONYMOUS) {
            throw new IllegalArgumentException("a key actor, and only it, names its key");
        }
        if ((type == Type.ROBOT) != (robotId != null)) {
            throw new IllegalArgumentException("a robot actor, and only it, names its robot");
        }
        if ((type == Type.SCHEDULE) != (scheduleId != null)) {
            throw new IllegalArgumentException("a schedule actor, and only it, names its schedule");
        }
    }

    public static Actor user(UserId user) {
        return new Actor(Type.USER, user, null, null, null, null);
    }

    public static Actor apiKey(UserId owner, String keyId, String keyPrefix) {
        return new Actor(Type.API_KEY, owner, keyId, keyPrefix, null, null);
    }

    public static Actor robot(UserId owner, String robotId) {
        return new Actor(Type.ROBOT, owner, null, null, robotId, null);
    }

    public static Actor schedule(UserId owner, String scheduleId) {
        return new Actor(Type.SCHEDULE, owner, null, null, null, scheduleId);
    }

    /**
     * Whoever presented credentials that let nobody in: the key's id and prefix when the key is known (revoked,
     * expired, used from an address it may not be used from), its prefix alone when it is not.
     */
    public static Actor anonymous(String keyId, String keyPrefix) {
        return new Actor(Type.ANONYMOUS, null, keyId, keyPrefix, null, null);
    }

    /** The id that names this actor among its type's ({@code ?actor=<type>:<id>}). */
    public String id() {
        return switch (type) {
            case USER -> user.value();
            case API_KEY -> keyId;
            case ROBOT -> robotId;
            case SCHEDULE -> scheduleId;
            case SYSTEM -> "system";
            case ANONYMOUS -> keyId != null ? keyId : keyPrefix != null ? keyPrefix : "anonymous";
        };
    }
}
