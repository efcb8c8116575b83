package org.astronrpa.openapi.domain.apikey;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a scoped API key may do (API.md §4); each route and MCP tool needs exactly one of these. */
public enum Scope {
    WORKFLOWS_READ("workflows:read"),
    WORKFLOWS_WRITE("workflows:write"),
    EXECUTIONS_RUN("executions:run"),
    EXECUTIONS_READ("executions:read"),
    EXECUTIONS_CANCEL("executions:cancel"),
    ROBOTS_READ("robots:read"),
    ROBOTS_MANAGE("robots:manage"),
    SCHEDULES_READ("schedules:read"),
    SCHEDULES_WRITE("schedules:write"),
    WEBHOOKS_MANAGE("webhooks:manage"),
    MCP("mcp"),
    AUDIT_READ("audit:read");

    /**
     * What a new key gets when its creator names no scopes: find workflows, run them, follow and cancel its runs, over
     * REST or MCP — what a script or an agent that runs workflows needs, and nothing that changes definitions.
     */
    public static final Set<Scope> DEFAULTS = Collections.unmodifiableSet(EnumSet.of(WORKFLOWS_READ, EXECUTIONS_RUN,
            EXECUTIONS_READ, EXECUTIONS_CANCEL, MCP));

    private static final Map<String, Scope> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Scope::wire, Function.identity()));

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The name clients write ({@code executions:run}). */
    public String wire() {
        return wire;
    }

    /** The scope named {@code wire} exactly (case-sensitive, as OAuth scopes are), or null. */
    public static Scope ofWire(String wire) {
        return wire == null ? null : BY_WIRE.get(wire);
    }

    /** Every scope's wire name, in declaration order (for messages and documentation). */
    public static String known() {
        return Arrays.stream(values()).map(Scope::wire).collect(Collectors.joining(", "));
    }
}
