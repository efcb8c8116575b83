package org.astronrpa.openapi.application.webhook;

import java.time.Duration;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.CallbackSecret;
import org.astronrpa.openapi.domain.webhook.CallbackSecretStore;
import org.astronrpa.openapi.domain.webhook.SigningSecret;

/** Each user's callback secret: made the first time it is needed (read, or an execution started with a callback). */
public final class CallbackSecrets {
    private final CallbackSecretStore store;
    private final RandomSource random;
    private final TimeSource time;

    public CallbackSecrets(CallbackSecretStore store, RandomSource random, TimeSource time) {
        this.store = store;
        this.random = random;
        this.time = time;
    }

    /** The user's secret, made now if they had none (two requests at once make one). */
    public CallbackSecret of(UserId owner) {
        return store.find(owner).orElseGet(() -> {
            store.insertIfAbsent(CallbackSecret.create(owner, SigningSecret.generate(random), time.now()));
            return store.find(owner).orElseThrow();
        });
    }

    /** A new secret for the user; the current one keeps signing beside it for {@code overlap}. */
    public CallbackSecret rotate(UserId owner, Duration overlap) {
        return LostRaces.retry(() -> {
            CallbackSecret current = of(owner);
            CallbackSecret next = current.rotate(SigningSecret.generate(random), overlap, time.now());
            store.replace(current, next);
            return next;
        });
    }
}
