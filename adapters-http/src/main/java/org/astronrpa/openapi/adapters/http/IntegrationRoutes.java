package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.integration.DescribeIntegration;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.integration.Integration;

/**
 * {@code GET /workflows/integration}: upstream astron-rpa's integration contract 1 as this service serves it (API.md
 * §6a). Registered before {@code /workflows/{project_id}}, which would otherwise read it as a workflow's id (reserved).
 */
final class IntegrationRoutes {
    private final DescribeIntegration describe;
    private final Authentication auth;

    IntegrationRoutes(DescribeIntegration describe, Authentication auth) {
        this.describe = describe;
        this.auth = auth;
    }

    /** The contract's integration object: every key present. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IntegrationJson(int contractVersion, String serviceVersion, int profileSchemaVersion,
                           int requiredClientProtocol, boolean durableIdempotency, List<String> operations,
                           List<String> capabilityClasses, Object jsonLimits, ClientJson client,
                           List<String> limitations) {
        static IntegrationJson from(Integration i) {
            return new IntegrationJson(Integration.CONTRACT_VERSION, i.serviceVersion(),
                    Integration.PROFILE_SCHEMA_VERSION, Integration.CLIENT_PROTOCOL, i.durableIdempotency(),
                    i.operations(), i.capabilityClasses(), i.jsonLimits(), ClientJson.from(i.client()), i.limitations());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ClientJson(String state, Integer protocol, boolean supportsCancel) {
        static ClientJson from(Integration.Client c) {
            return new ClientJson(c.state().wire(), c.protocol(), c.supportsCancel());
        }
    }

    void register(RoutesConfig routes) {
        routes.get("/workflows/integration", auth.required(Scope.WORKFLOWS_READ, this::integration));
    }

    private void integration(Context ctx, Caller caller) {
        ctx.attribute(ErrorMapping.CONTRACT_ATTRIBUTE, true);
        ctx.json(Envelope.ok(IntegrationJson.from(describe.describe(caller))));
    }
}
