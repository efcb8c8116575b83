package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.webhook.ManageWebhooks;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.Webhook;
import tools.jackson.databind.ObjectMapper;

/** {@code /webhooks}: the caller's subscriptions, their secrets and their delivery logs (API.md §3b). */
final class WebhookRoutes {
    private final ManageWebhooks webhooks;
    private final Authentication auth;
    private final ObjectMapper mapper;

    WebhookRoutes(ManageWebhooks webhooks, Authentication auth, ObjectMapper mapper) {
        this.webhooks = webhooks;
        this.auth = auth;
        this.mapper = mapper;
    }

    /** A subscription as the API shows it (never its secret). */
    record WebhookJson(String id, String url, List<String> events, @JsonProperty("project_ids") List<String> projectIds,
                       boolean active, @JsonProperty("disabled_reason") String disabledReason,
                       @JsonProperty("consecutive_failures") int consecutiveFailures,
                       @JsonProperty("previous_secret_valid_until") String previousSecretValidUntil,
                       @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
                       long revision) {
        static WebhookJson from(Webhook w) {
            return new WebhookJson(w.id().value(), w.definition().url().toString(), w.definition().orderedTopics(),
                    w.definition().projectIds().stream().sorted().toList(), w.isActive(), w.disabledReason(),
                    w.consecutiveFailures(), Times.format(w.previousUntil()), Times.format(w.createdAt()),
                    Times.format(w.updatedAt()), w.revision());
        }
    }

    /** An attempt as the log shows it. */
    record AttemptJson(int number, String at, @JsonProperty("status_code") Integer statusCode,
                       @JsonProperty("latency_ms") long latencyMs, String error,
                       @JsonProperty("response_body") String responseBody) {
        static AttemptJson from(Attempt a) {
            return a == null ? null : new AttemptJson(a.number(), Times.format(a.at()), a.statusCode(),
                    a.latency().toMillis(), a.error(), a.responseBody());
        }
    }

    /** A delivery as the log shows it; its body only when one delivery is read. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record DeliveryJson(String id, @JsonProperty("webhook_id") String webhookId,
                        @JsonProperty("event_id") String eventId, @JsonProperty("event_type") String eventType,
                        String status, int attempts, @JsonProperty("next_attempt_at") String nextAttemptAt,
                        @JsonProperty("last_attempt") AttemptJson lastAttempt,
                        @JsonProperty("created_at") String createdAt, @JsonProperty("finished_at") String finishedAt,
                        @JsonRawValue @JsonInclude(JsonInclude.Include.NON_NULL) String body) {
        static DeliveryJson from(Delivery d, boolean withBody) {
            return new DeliveryJson(d.id(), d.webhook() == null ? null : d.webhook().value(), d.eventId(), d.topic(),
                    d.status().wire(), d.attempts(), Times.format(d.nextAttemptAt()), AttemptJson.from(d.last()),
                    Times.format(d.createdAt()), Times.format(d.finishedAt()), withBody ? d.body() : null);
        }
    }

    record One(WebhookJson webhook) {
    }

    record WithSecret(WebhookJson webhook, String secret) {
    }

    record Deleted(@JsonProperty("webhook_id") String webhookId) {
    }

    record OneDelivery(DeliveryJson delivery) {
    }

    record DeliveryDetail(DeliveryJson delivery, List<AttemptJson> attempts) {
    }

    /** The caller's callback secret. */
    record CallbackSecretJson(String secret,
                              @JsonProperty("previous_secret_valid_until") String previousSecretValidUntil,
                              @JsonProperty("created_at") String createdAt,
                              @JsonProperty("updated_at") String updatedAt) {
        static CallbackSecretJson from(org.astronrpa.openapi.domain.webhook.CallbackSecret s) {
            return new CallbackSecretJson(s.secret().value(), Times.format(s.previousUntil()),
                    Times.format(s.createdAt()), Times.format(s.updatedAt()));
        }
    }

    void register(RoutesConfig routes) {
        // before /webhooks/{id}: "callback-secret" is not a subscription's id
        routes.get("/webhooks/callback-secret", auth.required(Scope.WEBHOOKS_MANAGE, (ctx, caller) -> ctx.json(Envelope.ok(
                CallbackSecretJson.from(webhooks.callbackSecret(caller.userId()))))));
        routes.post("/webhooks/callback-secret", auth.required(Scope.WEBHOOKS_MANAGE, (ctx, caller) -> ctx.json(Envelope.ok(
                CallbackSecretJson.from(webhooks.rotateCallbackSecret(caller.userId(), overlap(ctx)))))));
        routes.post("/webhooks", auth.required(Scope.WEBHOOKS_MANAGE, this::create));
        routes.get("/webhooks", auth.required(Scope.WEBHOOKS_MANAGE, this::list));
        routes.get("/webhooks/{id}", auth.required(Scope.WEBHOOKS_MANAGE, this::get));
        routes.patch("/webhooks/{id}", auth.required(Scope.WEBHOOKS_MANAGE, this::update));
        routes.delete("/webhooks/{id}", auth.required(Scope.WEBHOOKS_MANAGE, this::delete));
        routes.post("/webhooks/{id}/rotate-secret", auth.required(Scope.WEBHOOKS_MANAGE, this::rotate));
        routes.post("/webhooks/{id}/ping", auth.required(Scope.WEBHOOKS_MANAGE, this::ping));
        routes.get("/webhooks/{id}/deliveries", auth.required(Scope.WEBHOOKS_MANAGE, this::deliveries));
        routes.get("/webhooks/{id}/deliveries/{delivery}", auth.required(Scope.WEBHOOKS_MANAGE, this::delivery));
        routes.post("/webhooks/{id}/deliveries/{delivery}/redeliver", auth.required(Scope.WEBHOOKS_MANAGE, this::redeliver));
    }

    private void create(Context ctx, Caller caller) {
        ManageWebhooks.Created created = webhooks.create(caller.userId(), input(JsonRequest.read(ctx, mapper)));
        ctx.status(201).json(Envelope.ok(new WithSecret(WebhookJson.from(created.webhook()),
                created.secret().value())));
    }

    private void update(Context ctx, Caller caller) {
        ManageWebhooks.Input input = input(JsonRequest.read(ctx, mapper));
        ctx.json(Envelope.ok(new One(WebhookJson.from(webhooks.update(caller.userId(), ctx.pathParam("id"), input)))));
    }

    /** The body's fields as sent (null: absent); wrong types are refused here, naming every field. */
    private static ManageWebhooks.Input input(JsonRequest body) {
        String url = body.text("url");
        List<String> events = body.strings("events");
        List<String> projectIds = body.strings("project_ids");
        Boolean active = body.bool("active");
        body.errors().throwIfAny();
        return new ManageWebhooks.Input(url, events, projectIds, active);
    }

    private void list(Context ctx, Caller caller) {
        PageRequest page = Paging.of(ctx);
        Page<Webhook> listed = webhooks.list(caller.userId(), page);
        ctx.json(Envelope.ok(new PageJson<>(listed.total(), page.pageNo(), page.pageSize(),
                listed.records().stream().map(WebhookJson::from).toList())));
    }

    private void get(Context ctx, Caller caller) {
        ctx.json(Envelope.ok(new One(WebhookJson.from(webhooks.get(caller.userId(), ctx.pathParam("id"))))));
    }

    private void delete(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        webhooks.delete(caller.userId(), id);
        ctx.json(Envelope.ok(new Deleted(id)));
    }

    /** The optional body's {@code overlap_seconds} (null: not sent). */
    private Long overlap(Context ctx) {
        if (!JsonRequest.hasBody(ctx)) {
            return null;
        }
        JsonRequest body = JsonRequest.read(ctx, mapper);
        Long overlap = body.integer("overlap_seconds");
        body.errors().throwIfAny();
        return overlap;
    }

    private void rotate(Context ctx, Caller caller) {
        ManageWebhooks.Created rotated = webhooks.rotateSecret(caller.userId(), ctx.pathParam("id"), overlap(ctx));
        ctx.json(Envelope.ok(new WithSecret(WebhookJson.from(rotated.webhook()), rotated.secret().value())));
    }

    private void ping(Context ctx, Caller caller) {
        ctx.status(202).json(Envelope.ok(new OneDelivery(DeliveryJson.from(
                webhooks.ping(caller.userId(), ctx.pathParam("id")), false))));
    }

    private void deliveries(Context ctx, Caller caller) {
        PageRequest page = Paging.of(ctx);
        Page<Delivery> listed = webhooks.deliveries(caller.userId(), ctx.pathParam("id"), ctx.queryParam("status"),
                page);
        ctx.json(Envelope.ok(new PageJson<>(listed.total(), page.pageNo(), page.pageSize(),
                listed.records().stream().map(d -> DeliveryJson.from(d, false)).toList())));
    }

    private void delivery(Context ctx, Caller caller) {
        ManageWebhooks.DeliveryLog log = webhooks.delivery(caller.userId(), ctx.pathParam("id"),
                ctx.pathParam("delivery"));
        ctx.json(Envelope.ok(new DeliveryDetail(DeliveryJson.from(log.delivery(), true),
                log.attempts().stream().map(AttemptJson::from).toList())));
    }

    private void redeliver(Context ctx, Caller caller) {
        ctx.status(202).json(Envelope.ok(new OneDelivery(DeliveryJson.from(
                webhooks.redeliver(caller.userId(), ctx.pathParam("id"), ctx.pathParam("delivery")), false))));
    }
}
