package org.astronrpa.openapi.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Which of an owner's audit entries a reader asks for ({@code GET /audit-events}): each filter {@code null} when not
 * given. {@code actorType} with {@code actorId} (or either alone: {@code api_key:*} is every key's); an action exact or
 * every action of a kind ({@code actionKind}: {@code execution.*}); a resource's type and/or id; {@code from}
 * inclusive, {@code to} exclusive.
 */
public record AuditQuery(UserId owner, Actor.Type actorType, String actorId, String action, String actionKind,
                         String resourceType, String resourceId, Instant from, Instant to) {
    /** What an action, a type or an id may be made of: the service's own names and ids, nothing else. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.:@-]{1,128}$");
    private static final Pattern ACTION = Pattern.compile("^[a-z_]{1,32}\\.[a-z_]{1,32}$");
    private static final Pattern KIND = Pattern.compile("^[a-z_]{1,32}$");

    public AuditQuery {
        Objects.requireNonNull(owner, "owner");
    }

    /** Everything of {@code owner}'s. */
    public static AuditQuery all(UserId owner) {
        return new AuditQuery(owner, null, null, null, null, null, null, null, null);
    }

    /**
     * The query the parameters ask for, checked.
     *
     * @param actor    {@code <type>:<id>} ({@code api_key:<key id>}, {@code robot:<id>}, {@code schedule:<id>},
     *                 {@code user:<id>}), {@code <type>} alone, or {@code system}
     * @param action   an action ({@code execution.started}) or {@code <kind>.*}
     * @param resource {@code <type>:<id>} ({@code workflow:<project id>}) or {@code <type>} alone
     * @throws org.astronrpa.openapi.domain.shared.InvalidInput naming each field that is not one of these, and
     *         {@code to} when it is not after {@code from}
     */
    public static AuditQuery of(UserId owner, String actor, String action, String resource, Instant from, Instant to) {
        FieldErrors errors = new FieldErrors();
        Actor.Type actorType = null;
        String actorId = null;
        if (actor != null) {
            int colon = actor.indexOf(':');
            String type = colon < 0 ? actor : actor.substring(0, colon);
            actorType = Actor.Type.ofWire(type);
            if (actorType == null) {
                errors.add("actor", "must be <type>:<id> or <type>, the type one of user, api_key, robot, schedule,"
                        + " system, anonymous");
            } else if (colon >= 0) {
                actorId = actor.substring(colon + 1);
                if (!NAME.matcher(actorId).matches()) {
                    errors.add("actor", "the id after '" + type + ":' must be 1 to 128 letters, digits or ._:@-");
                }
            }
        }
        String exact = null;
        String kind = null;
        if (action != null) {
            if (action.endsWith(".*") && KIND.matcher(action.substring(0, action.length() - 2)).matches()) {
                kind = action.substring(0, action.length() - 2);
            } else if (ACTION.matcher(action).matches()) {
                exact = action;
            } else {
                errors.add("action", "must be an action (execution.started) or every action of a kind"
                        + " (execution.*)");
            }
        }
        String resourceType = null;
        String resourceId = null;
        if (resource != null) {
            int colon = resource.indexOf(':');
            resourceType = colon < 0 ? resource : resource.substring(0, colon);
            if (!KIND.matcher(resourceType).matches()) {
                errors.add("resource", "must be <type>:<id> (workflow:<project id>) or <type>");
            } else if (colon >= 0) {
                resourceId = resource.substring(colon + 1);
                if (!NAME.matcher(resourceId).matches()) {
                    errors.add("resource", "the id after '" + resourceType + ":' must be 1 to 128 letters, digits"
                            + " or ._:@-");
                }
            }
        }
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add("to", "must be after from");
        }
        errors.throwIfAny();
        return new AuditQuery(owner, actorType, actorId, exact, kind, resourceType, resourceId, from, to);
    }

    /** Whether {@code entry} is one this query asks for. */
    public boolean matches(AuditEvent entry) {
        return owner.equals(entry.owner())
                && (actorType == null || actorType == entry.actor().type())
                && (actorId == null || actorId.equals(entry.actor().id()))
                && (action == null || action.equals(entry.action()))
                && (actionKind == null || entry.action().startsWith(actionKind + "."))
                && (resourceType == null || resourceType.equals(entry.resourceType()))
                && (resourceId == null || resourceId.equals(entry.resourceId()))
                && (from == null || !entry.occurredAt().isBefore(from))
                && (to == null || entry.occurredAt().isBefore(to));
    }
}
