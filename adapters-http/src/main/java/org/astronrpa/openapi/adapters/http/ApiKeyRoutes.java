package org.astronrpa.openapi.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.CreateApiKeyCommand;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import tools.jackson.databind.ObjectMapper;

/** {@code /api-keys}: API.md §4. Only the trusted gateway's user may manage keys. */
final class ApiKeyRoutes {
    private final CreateApiKey createApiKey;
    private final ListApiKeys listApiKeys;
    private final RevokeApiKey revokeApiKey;
    private final Authentication auth;
    private final ObjectMapper mapper;

    ApiKeyRoutes(CreateApiKey createApiKey, ListApiKeys listApiKeys, RevokeApiKey revokeApiKey, Authentication auth,
                 ObjectMapper mapper) {
        this.createApiKey = createApiKey;
        this.listApiKeys = listApiKeys;
        this.revokeApiKey = revokeApiKey;
        this.auth = auth;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.post("/api-keys", auth.gatewayOnly(this::create));
        routes.get("/api-keys", auth.gatewayOnly(this::list));
        routes.delete("/api-keys/{id}", auth.gatewayOnly(this::revoke));
    }

    private void create(Context ctx, Caller caller) {
        var issued = createApiKey.create(command(ctx, caller, mapper));
        ctx.status(201).json(Envelope.ok(ApiKeyJson.Created.from(issued)));
    }

    static CreateApiKeyCommand command(Context ctx, Caller caller, ObjectMapper mapper) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String name = body.text("name");
        String expiresAt = body.text("expires_at");
        FieldErrors errors = body.errors();
        ApiKeyName parsedName = errors.collect(() -> new ApiKeyName(name));
        Instant parsedExpiry = expiresAt == null ? null : errors.collect(() -> Times.parse("expires_at", expiresAt));
        errors.throwIfAny();
        return new CreateApiKeyCommand(caller.userId(), parsedName, parsedExpiry);
    }

    private void list(Context ctx, Caller caller) {
        var page = listApiKeys.list(caller.userId(), Paging.of(ctx));
        ctx.json(Envelope.ok(PageJson.from(page, ApiKeyJson.Listed::from)));
    }

    private void revoke(Context ctx, Caller caller) {
        revokeApiKey.revoke(caller.userId(), ctx.pathParam("id"));
        ctx.json(Envelope.ok(null));
    }
}
