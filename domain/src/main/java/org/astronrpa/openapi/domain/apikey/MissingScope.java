package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.NotPermitted;

/** The caller's API key lacks the scope this needs (REST 403 with {@code error.required_scope}). */
public final class MissingScope extends NotPermitted {
    private final Scope scope;

    public MissingScope(Scope scope) {
        super("this API key lacks the scope '" + scope.wire() + "'");
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
