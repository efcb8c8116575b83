package org.astronrpa.openapi.application.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.CallbackSecret;
import org.astronrpa.openapi.domain.webhook.CallbackSecretStore;

/** Callback secrets in memory (tests, and a process with nothing outside it). */
public final class InMemoryCallbackSecretStore implements CallbackSecretStore {
    private final Map<UserId, CallbackSecret> secrets = new HashMap<>();

    @Override
    public synchronized Optional<CallbackSecret> find(UserId owner) {
        return Optional.ofNullable(secrets.get(owner));
    }

    @Override
    public synchronized boolean insertIfAbsent(CallbackSecret secret) {
        return secrets.putIfAbsent(secret.owner(), secret) == null;
    }

    @Override
    public synchronized void replace(CallbackSecret current, CallbackSecret next) {
        if (!current.equals(secrets.get(current.owner()))) {
            throw new ConcurrentUpdate("the callback secret of " + current.owner() + " was changed meanwhile");
        }
        secrets.put(next.owner(), next);
    }
}
