package org.astronrpa.openapi.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A subscription: its owner's events delivered to a URL, signed with its secret. A rotated secret keeps signing
 * beside the new one until {@code previousUntil}. The service disables it (with a reason, as an event) when its
 * receiver answers 410 Gone or after {@code limit} deliveries in a row failed for good; its owner turns it on again.
 * Each change raises the revision, which guards it: two instances never both store a change made from the same one.
 */
public record Webhook(WebhookId id, UserId owner, WebhookDefinition definition, String disabledReason,
                      SigningSecret secret, SigningSecret previousSecret, Instant previousUntil,
                      int consecutiveFailures, Instant createdAt, Instant updatedAt, long revision) {

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((previousSecret == null) != (previousUntil == null)) {
            throw new IllegalArgumentException("a previous secret comes with the end of its overlap");
        }
        if (consecutiveFailures < 0 || revision < 1) {
            throw new IllegalArgumentException("failures cannot be negative, revisions start at 1");
        }
    }

    /** A new subscription (revision 1). */
    public static Webhook create(WebhookId id, UserId owner, WebhookDefinition definition, SigningSecret secret,
                                 Instant now) {
        return new Webhook(id, owner, definition, null, secret, null, null, 0, now, now, 1);
    }

    public boolean isOwnedBy(UserId user) {
        return owner.equals(user);
    }

    public boolean isActive() {
        return definition.active();
    }

    /** The secrets that sign at {@code now}: the current one, then the previous one while it overlaps. */
    public List<SigningSecret> secretsAt(Instant now) {
        return previousSecret != null && now.isBefore(previousUntil) ? List.of(secret, previousSecret)
                : List.of(secret);
    }

    /** Its owner's new definition; turned on again, it starts with no failures and no reason. */
    public Webhook redefine(WebhookDefinition next, Instant now) {
        boolean reactivated = next.active() && !definition.active();
        return new Webhook(id, owner, next, next.active() ? null : (reactivated ? null : disabledReason), secret,
                previousSecret, previousUntil, reactivated ? 0 : consecutiveFailures, createdAt, now, revision + 1);
    }

    /** A new secret; the current one keeps signing beside it for {@code overlap} (none when zero). */
    public Webhook rotate(SigningSecret next, Duration overlap, Instant now) {
        boolean overlaps = !overlap.isZero() && !overlap.isNegative();
        return new Webhook(id, owner, definition, disabledReason, next, overlaps ? secret : null,
                overlaps ? now.plus(overlap) : null, consecutiveFailures, createdAt, now, revision + 1);
    }

    /** A delivery succeeded: the failures in a row start again (the same subscription when there were none). */
    public Webhook delivered(Instant now) {
        return consecutiveFailures == 0 ? this : new Webhook(id, owner, definition, disabledReason, secret,
                previousSecret, previousUntil, 0, createdAt, now, revision + 1);
    }

    /** A delivery failed for good; the {@code limit}-th in a row disables the subscription. */
    public Webhook deliveryFailed(int limit, Instant now) {
        int failures = consecutiveFailures + 1;
        Webhook counted = new Webhook(id, owner, definition, disabledReason, secret, previousSecret, previousUntil,
                failures, createdAt, now, revision);
        return failures >= limit && isActive() ? counted.disabled(failures + " deliveries in a row failed", now)
                : counted.withRevision(revision + 1);
    }

    private Webhook withRevision(long next) {
        return new Webhook(id, owner, definition, disabledReason, secret, previousSecret, previousUntil,
                consecutiveFailures, createdAt, updatedAt, next);
    }

    /** Disabled by the service, for {@code reason}. */
    public Webhook disabled(String reason, Instant now) {
        WebhookDefinition off = new WebhookDefinition(definition.url(), definition.topics(), definition.projectIds(),
                false);
        return new Webhook(id, owner, off, reason, secret, previousSecret, previousUntil, consecutiveFailures,
                createdAt, now, revision + 1);
    }
}
