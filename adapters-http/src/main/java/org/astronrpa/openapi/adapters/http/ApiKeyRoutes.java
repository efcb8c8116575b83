package org.astronrpa.openapi.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.astronrpa.openapi.application.apikey.ChangeApiKey;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.CreateApiKeyCommand;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import tools.jackson.databind.ObjectMapper;

/** {@code /api-keys}: API.md §4. Only the trusted gateway's user may manage keys. */
final class ApiKeyRoutes {
    private final CreateApiKey createApiKey;
    private final ListApiKeys listApiKeys;
    private final RevokeApiKey revokeApiKey;
    private final ChangeApiKey changeApiKey;
    private final Authentication auth;
    private final ObjectMapper mapper;

    ApiKeyRoutes(CreateApiKey createApiKey, ListApiKeys listApiKeys, RevokeApiKey revokeApiKey,
                 ChangeApiKey changeApiKey, Authentication auth, ObjectMapper mapper) {
        this.changeApiKey = changeApiKey;
        this.createApiKey = createApiKey;
        this.listApiKeys = listApiKeys;
        this.revokeApiKey = revokeApiKey;
        this.auth = auth;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.post("/api-keys", auth.gatewayOnly(this::create));
        routes.get("/api-keys", auth.gatewayOnly(this::list));
        routes.patch("/api-keys/{id}", auth.gatewayOnly(this::change));
        routes.delete("/api-keys/{id}", auth.gatewayOnly(this::revoke));
    }

    /** The fields of a key's grant that a request may set. */
    private static final List<String> GRANT_FIELDS = List.of("scopes", "workflow_ids", "rate_limit_per_minute",
            "max_concurrent_executions", "allowed_ips");

    private void create(Context ctx, Caller caller) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String name = body.text("name");
        String expiresAt = body.text("expires_at");
        FieldErrors errors = body.errors();
        ApiKeyName parsedName = errors.collect(() -> new ApiKeyName(name));
        Instant parsedExpiry = expiresAt == null ? null : errors.collect(() -> Times.parse("expires_at", expiresAt));
        KeyGrant grant = grant(body, errors);
        errors.throwIfAny();
        var issued = createApiKey.create(new CreateApiKeyCommand(caller.userId(), parsedName, parsedExpiry, grant));
        ctx.status(201).json(Envelope.ok(ApiKeyJson.Created.from(issued)));
    }

    /**
     * The original service's {@code {"name"}}: a key with its owner's full power, as the original's clients, which know
     * no scopes, expect of it.
     */
    static CreateApiKeyCommand fullPowerCommand(Context ctx, Caller caller, ObjectMapper mapper) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String name = body.text("name");
        FieldErrors errors = body.errors();
        ApiKeyName parsedName = errors.collect(() -> new ApiKeyName(name));
        errors.throwIfAny();
        return new CreateApiKeyCommand(caller.userId(), parsedName, null, KeyGrant.FULL);
    }

    /** The grant the body asks for; absent {@code scopes} are the default set. Refusals go to {@code errors}. */
    private static KeyGrant grant(JsonRequest body, FieldErrors errors) {
        List<String> scopes = body.strings("scopes");
        List<String> workflowIds = body.strings("workflow_ids");
        Long rate = body.integer("rate_limit_per_minute");
        Long concurrent = body.integer("max_concurrent_executions");
        List<String> allowedIps = body.strings("allowed_ips");
        return errors.collect(() -> KeyGrant.checked(scopes, workflowIds, rate, concurrent, allowedIps));
    }

    /**
     * {@code PATCH /api-keys/{id}}: the fields sent replace the key's; a {@code null} clears a limit, the expiry or the
     * allow-lists ({@code scopes} cannot be null: name them). The secret stays the same.
     */
    private void change(Context ctx, Caller caller) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        Set<String> fields = new LinkedHashSet<>();
        for (String field : List.of("name", "expires_at")) {
            if (body.sent(field)) {
                fields.add(field);
            }
        }
        GRANT_FIELDS.stream().filter(body::sent).forEach(fields::add);
        String name = body.text("name");
        String expiresAt = body.text("expires_at");
        FieldErrors errors = body.errors();
        if (fields.isEmpty()) {
            errors.add("body", "name at least one of name, expires_at, " + String.join(", ", GRANT_FIELDS));
        }
        if (fields.contains("scopes") && !body.has("scopes")) {
            errors.add("scopes", "cannot be null: name the scopes the key keeps");
        }
        if (fields.contains("name") && name == null) {
            errors.add("name", "cannot be null");
        }
        ApiKeyName parsedName = name == null ? null : errors.collect(() -> new ApiKeyName(name));
        Instant parsedExpiry = expiresAt == null ? null : errors.collect(() -> Times.parse("expires_at", expiresAt));
        KeyGrant grant = grant(body, errors);
        errors.throwIfAny();
        ApiKey changed = changeApiKey.change(caller.userId(), ctx.pathParam("id"),
                new ChangeApiKey.Change(parsedName, parsedExpiry, grant, fields));
        ctx.json(Envelope.ok(ApiKeyJson.Listed.from(changed)));
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
