package org.astronrpa.openapi.application.webhook;

import java.time.Duration;
import java.util.Objects;
import org.astronrpa.openapi.domain.webhook.RetryPolicy;

/**
 * How webhooks behave (the {@code WEBHOOK_*} settings).
 *
 * @param allowHttp            {@code http} receiver URLs accepted (otherwise {@code https} only)
 * @param disableAfterFailures a subscription is disabled after this many deliveries in a row failed for good
 * @param retries              when a failed attempt is tried again, and for how long
 * @param rotationOverlap      how long a rotated secret keeps signing beside the new one, unless the request says
 * @param perSubscription      attempts of one subscription in flight at once on one instance
 * @param inFlight             attempts in flight at once on one instance, all subscriptions together
 * @param claimLease           how long a claimed delivery is this instance's alone: well over the transport's timeout
 * @param logRetention         how long finished deliveries are kept in the log
 */
public record WebhookSettings(boolean allowHttp, int disableAfterFailures, RetryPolicy retries,
                              Duration rotationOverlap, int perSubscription, int inFlight, Duration claimLease,
                              Duration logRetention) {
    public static final WebhookSettings DEFAULT = new WebhookSettings(false, 20, RetryPolicy.DEFAULT,
            Duration.ofHours(24), 4, 256, Duration.ofSeconds(60), Duration.ofDays(14));
    /** The longest overlap a rotation may ask for. */
    public static final Duration MAX_OVERLAP = Duration.ofDays(7);

    public WebhookSettings {
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(rotationOverlap, "rotationOverlap");
        Objects.requireNonNull(claimLease, "claimLease");
        Objects.requireNonNull(logRetention, "logRetention");
        if (disableAfterFailures < 1 || perSubscription < 1 || inFlight < 1) {
            throw new IllegalArgumentException("disableAfterFailures, perSubscription and inFlight must be positive");
        }
    }

    public WebhookSettings withAllowHttp(boolean allow) {
        return new WebhookSettings(allow, disableAfterFailures, retries, rotationOverlap, perSubscription, inFlight,
                claimLease, logRetention);
    }

    public WebhookSettings withRetries(RetryPolicy policy) {
        return new WebhookSettings(allowHttp, disableAfterFailures, policy, rotationOverlap, perSubscription, inFlight,
                claimLease, logRetention);
    }

    public WebhookSettings withDisableAfterFailures(int failures) {
        return new WebhookSettings(allowHttp, failures, retries, rotationOverlap, perSubscription, inFlight,
                claimLease, logRetention);
    }

    public WebhookSettings withPerSubscription(int attempts) {
        return new WebhookSettings(allowHttp, disableAfterFailures, retries, rotationOverlap, attempts, inFlight,
                claimLease, logRetention);
    }

    public WebhookSettings withLogRetention(Duration retention) {
        return new WebhookSettings(allowHttp, disableAfterFailures, retries, rotationOverlap, perSubscription,
                inFlight, claimLease, retention);
    }
}
